package dev.sluice.s3;

import dev.sluice.core.sink.ContentType;
import java.util.List;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The S3 requests of one upload, with its bucket, key, headers and checksums. */
final class Requests {
  private final String bucket;
  private final String key;

  /** CRC32C on the upload as a whole, with {@link ChecksumMode#ON}; else null. */
  private final ChecksumAlgorithm objectChecksum;

  private final String mediaType;
  private final String contentEncoding;

  Requests(S3Location location, ContentType type) {
    this.bucket = location.bucket();
    this.key = location.key();
    this.objectChecksum =
        location.settings().checksum() == ChecksumMode.ON ? ChecksumAlgorithm.CRC32_C : null;
    this.mediaType = type.mediaType();
    this.contentEncoding = type.contentEncoding();
  }

  CreateMultipartUploadRequest create() {
    return CreateMultipartUploadRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentType(mediaType)
        .contentEncoding(contentEncoding)
        .checksumAlgorithm(objectChecksum)
        .build();
  }

  UploadPartRequest part(String uploadId, int number, Part part, PartChecksum checksum) {
    return UploadPartRequest.builder()
        .bucket(bucket)
        .key(key)
        .uploadId(uploadId)
        .partNumber(number)
        .contentLength(part.size)
        .checksumAlgorithm(checksum == PartChecksum.CRC32C ? ChecksumAlgorithm.CRC32_C : null)
        .contentMD5(checksum == PartChecksum.MD5 ? part.md5() : null)
        .build();
  }

  CompletedPart completed(int number, UploadPartResponse response) {
    return CompletedPart.builder()
        .partNumber(number)
        .eTag(response.eTag())
        .checksumCRC32C(objectChecksum != null ? response.checksumCRC32C() : null)
        .build();
  }

  CompleteMultipartUploadRequest complete(String uploadId, List<CompletedPart> parts) {
    return CompleteMultipartUploadRequest.builder()
        .bucket(bucket)
        .key(key)
        .uploadId(uploadId)
        .multipartUpload(u -> u.parts(parts))
        .build();
  }

  AbortMultipartUploadRequest abort(String uploadId) {
    return AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build();
  }

  PutObjectRequest put(Part part, PartChecksum checksum) {
    return PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentLength(part.size)
        .contentType(mediaType)
        .contentEncoding(contentEncoding)
        .checksumAlgorithm(checksum == PartChecksum.CRC32C ? ChecksumAlgorithm.CRC32_C : null)
        .contentMD5(checksum == PartChecksum.MD5 ? part.md5() : null)
        .build();
  }
}
