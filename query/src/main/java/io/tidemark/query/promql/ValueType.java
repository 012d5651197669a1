package io.tidemark.query.promql;

/** The four types a PromQL expression can have, named as the Prometheus HTTP API names them. */
public enum ValueType {
  /** A single number. */
  SCALAR("scalar", "scalar"),
  /** One sample per series at the evaluation time. */
  VECTOR("vector", "instant vector"),
  /** A range of samples per series. */
  MATRIX("matrix", "range vector"),
  /** A string literal. */
  STRING("string", "string");

  private final String apiName;
  private final String description;

  ValueType(String apiName, String description) {
    this.apiName = apiName;
    this.description = description;
  }

  /** The {@code resultType} of the HTTP API. */
  public String apiName() {
    return apiName;
  }

  /** The name Prometheus' error messages use, like {@code range vector}. */
  public String description() {
    return description;
  }
}
