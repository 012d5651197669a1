package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The envelope of the Prometheus HTTP API, used by every {@code /api/v1} endpoint.
 *
 * @param status {@code success} or {@code error}
 * @param data the answer, on success
 * @param errorType the class of error, for example {@code bad_data}, on error
 * @param error what was wrong, on error
 * @param <T> the type of the answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(String status, T data, String errorType, String error) {

  /** A successful answer. */
  public static <T> ApiResponse<T> success(T data) {
    return new ApiResponse<>("success", data, null, null);
  }

  /** A failed answer. */
  public static <T> ApiResponse<T> error(String errorType, String error) {
    return new ApiResponse<>("error", null, errorType, error);
  }
}
