package io.tidemark.query.resources;

import io.tidemark.query.api.ApiResponse;
import io.tidemark.query.api.TsdbStatus;
import io.tidemark.storage.TimeSeriesStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/status/tsdb}: series, samples and bytes of the store. */
@Path("/api/v1/status/tsdb")
@Produces(MediaType.APPLICATION_JSON)
public final class TsdbStatusResource {

  private final TimeSeriesStore store;

  /** A resource reporting on {@code store}. */
  public TsdbStatusResource(TimeSeriesStore store) {
    this.store = store;
  }

  /** The current figures. */
  @GET
  public ApiResponse<TsdbStatus> get() {
    return ApiResponse.success(TsdbStatus.of(store.stats()));
  }
}
