package io.tidemark.collector.resources;

import io.tidemark.collector.api.TargetView;
import io.tidemark.collector.api.TargetsView;
import io.tidemark.collector.scrape.TargetStatus;
import io.tidemark.query.api.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;

/** {@code /api/v1/targets}: the scrape health of every node. */
@Path("/api/v1/targets")
@Produces(MediaType.APPLICATION_JSON)
public final class TargetsResource {

  private final Supplier<List<TargetStatus>> targets;

  /** A resource reporting the statuses {@code targets} gives (a scheduler's, or none). */
  public TargetsResource(Supplier<List<TargetStatus>> targets) {
    this.targets = targets;
  }

  /** Every target with its latest scrape. */
  @GET
  public ApiResponse<TargetsView> list() {
    return ApiResponse.success(
        new TargetsView(targets.get().stream().map(TargetView::of).toList()));
  }
}
