package io.tidemark.collector.resources;

import io.tidemark.collector.api.TargetView;
import io.tidemark.collector.api.TargetsView;
import io.tidemark.collector.scrape.ScrapeScheduler;
import io.tidemark.query.api.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/targets}: the scrape health of every node. */
@Path("/api/v1/targets")
@Produces(MediaType.APPLICATION_JSON)
public final class TargetsResource {

  private final ScrapeScheduler scheduler;

  /** A resource reporting on {@code scheduler}'s targets. */
  public TargetsResource(ScrapeScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Every target with its latest scrape. */
  @GET
  public ApiResponse<TargetsView> list() {
    return ApiResponse.success(
        new TargetsView(scheduler.statuses().stream().map(TargetView::of).toList()));
  }
}
