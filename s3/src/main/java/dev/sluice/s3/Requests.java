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

/** The S3 requests of one upload, with its bucket, key, headers and checksum algorithm. */
final class Requests {
  private final String bucket;
  private final String key;
  private final ChecksumAlgorithm checksum;
  private final String mediaType;
  private final String contentEncoding;

  Requests(S3Sink sink, ContentType type) {
    this.bucket = sink.bucket;
    this.key = sink.key;
    this.checksum = sink.checksum;
    this.mediaType = type.mediaType();
    this.contentEncoding = type.contentEncoding();
  }

  CreateMultipartUploadRequest create() {
    return CreateMultipartUploadRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentType(mediaType)
        .contentEncoding(contentEncoding)
        .checksumAlgorithm(checksum)
        .build();
  }

  UploadPartRequest part(String uploadId, int number, long size) {
    return UploadPartRequest.builder()
        .bucket(bucket)
        .key(key)
        .uploadId(uploadId)
        .partNumber(number)
        .contentLength(size)
        .checksumAlgorithm(checksum)
        .build();
  }

  CompletedPart completed(int number, UploadPartResponse response) {
    return CompletedPart.builder()
        .partNumber(number)
        .eTag(response.eTag())
        .checksumCRC32C(checksum != null ? response.checksumCRC32C() : null)
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

  PutObjectRequest put(long size) {
    return PutObjectRequest.builder()
        .bucket(bucket)
        .key(key)
        .contentLength(size)
        .contentType(mediaType)
        .contentEncoding(contentEncoding)
        .checksumAlgorithm(checksum)
        .build();
  }
}
