package io.tidemark.query.resources;

import io.tidemark.query.api.ApiResponse;
import io.tidemark.query.promql.PromQlParseException;
import io.tidemark.query.promql.QueryExecutionException;
import io.tidemark.query.promql.QueryTimeoutException;
import io.tidemark.storage.StorageException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Answers of the Prometheus-compatible endpoints: success with the envelope, and each failure with
 * the status and {@code errorType} Prometheus gives it: 400 {@code bad_data} for an invalid query
 * or parameter, 422 {@code execution} for a query that cannot be answered or exceeds a limit, 503
 * {@code timeout}, 500 {@code internal} for a storage failure.
 */
final class PromResponses {

  private PromResponses() {}

  /** Runs {@code body}, turning its failures into Prometheus error answers. */
  static Response answer(Supplier<Object> body) {
    return respond(
        () ->
            Response.ok(ApiResponse.success(body.get()), MediaType.APPLICATION_JSON_TYPE).build());
  }

  /** Runs {@code body}, which builds the whole answer, turning its failures into error answers. */
  static Response respond(Supplier<Response> body) {
    try {
      return body.get();
    } catch (PromQlParseException e) {
      return error(400, "bad_data", "invalid parameter \"query\": " + e.getMessage());
    } catch (PromParams.BadParameterException | IllegalArgumentException e) {
      return error(400, "bad_data", e.getMessage());
    } catch (QueryTimeoutException e) {
      return error(503, "timeout", e.getMessage());
    } catch (QueryExecutionException e) {
      return error(422, "execution", e.getMessage());
    } catch (StorageException e) {
      return error(500, "internal", e.getMessage());
    }
  }

  static Response error(int status, String type, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ApiResponse.error(type, message))
        .build();
  }
}
