package dev.sluice.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What an S3 error means to a user: one line for the error itself, and the fix when the user can
 * make one (the option or setting to change). The fixes name the command's options and the SDK's
 * environment variables, the two places a user configures the store.
 */
final class StoreErrors {
  /** Error codes with which stores refuse a checksum, a trailer or an aws-chunked body. */
  private static final Set<String> CHECKSUM_CODES =
      Set.of(
          "XAmzContentSHA256Mismatch",
          "NotImplemented",
          "BadDigest",
          "InvalidDigest",
          "InvalidRequest",
          "InvalidArgument",
          "MissingContentLength",
          "IncompleteBody",
          "SignatureDoesNotMatch");

  private static final Pattern ATTEMPT_COUNT =
      Pattern.compile("\\s*\\(SDK Attempt Count: \\d+\\)$");

  private StoreErrors() {}

  /** A one-line account of an SDK error: the S3 error code and status, or the network cause. */
  static String describe(Throwable e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      var details = s.awsErrorDetails();
      String code = details.errorCode() != null ? details.errorCode() : "error";
      String text = details.errorMessage() != null ? details.errorMessage() : "";
      return code + " (HTTP " + s.statusCode() + ")" + (text.isEmpty() ? "" : ": " + text);
    }
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    // Attempts counts the attempts itself; the SDK's own count is always 1.
    return ATTEMPT_COUNT.matcher(message).replaceFirst("");
  }

  /**
   * Whether {@code e}, the answer to a data request that carried an SDK checksum, may be the store
   * refusing that checksum: a 400, 411 or 501, a signature mismatch (stores that do not know the
   * trailer's headers sign differently), or a connection the store cut while the body was still
   * being sent (S3Proxy 2.7.0 answers before reading an aws-chunked body and closes).
   */
  static boolean mayRefuseChecksum(Throwable e) {
    if (e instanceof AwsServiceException s) {
      int status = s.statusCode();
      String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
      return status == 400
          || status == 411
          || status == 501
          || (status == 403 && "SignatureDoesNotMatch".equals(code));
    }
    return e instanceof SdkClientException
        && cause(e, IOException.class) != null
        && cause(e, UnknownHostException.class) == null
        && cause(e, ConnectException.class) == null;
  }

  /**
   * The fix for {@code e}, as {@code " (...)"} to append to a message, or the empty string when the
   * user can do nothing about it. {@code checksum} is what the failed request carried, or null for
   * a request without a body.
   */
  static String hint(Throwable e, PartChecksum checksum, S3Settings settings) {
    if (checksum != null && checksum != PartChecksum.MD5 && refusesChecksum(e)) {
      return " (the store refuses the SDK's checksums: use --s3-checksum off, or"
          + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required)";
    }
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
      code = code == null ? "" : code;
      return switch (code) {
        case "NoSuchBucket" ->
            " (create the bucket, or point --s3-endpoint or AWS_ENDPOINT_URL"
                + " at the store that has it)";
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "Forbidden" ->
            " (check the credentials: AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, and that they may write to the bucket)";
        case "PermanentRedirect",
            "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException" ->
            " (set the bucket's region: --s3-region or AWS_REGION)";
        case "EntityTooSmall" -> " (the store's smallest part is larger: raise --part-size)";
        default ->
            s.statusCode() == 403
                ? " (check the credentials: AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY)"
                : s.statusCode() == 301
                    ? " (set the bucket's region: --s3-region or AWS_REGION)"
                    : "";
      };
    }
    if (cause(e, UnknownHostException.class) != null
        && S3Clients.endpoint(settings) != null
        && settings.pathStyle() != PathStyle.ON) {
      return " (the bucket cannot be a host name at this endpoint: use --s3-path-style)";
    }
    if (cause(e, ConnectException.class) != null) {
      return " (nothing answers there: check --s3-endpoint or AWS_ENDPOINT_URL)";
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return " (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
    }
    return "";
  }

  /** Whether {@code e} names a refused checksum outright, or is a body cut off mid-request. */
  private static boolean refusesChecksum(Throwable e) {
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
      return s.statusCode() == 501 || (s.statusCode() != 403 && CHECKSUM_CODES.contains(code));
    }
    return mayRefuseChecksum(e);
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
