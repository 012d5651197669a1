package io.tidemark.query.promql;

/**
 * The binary operators Tidemark evaluates, with Prometheus' precedence (higher binds tighter):
 * {@code ^} (6, right-associative), {@code * / %} (5), {@code + -} (4), comparisons (3).
 */
public enum BinaryOp {
  /** {@code ^}, right-associative. */
  POW("^", 6),
  /** {@code *}. */
  MUL("*", 5),
  /** {@code /}. */
  DIV("/", 5),
  /** {@code %}. */
  MOD("%", 5),
  /** {@code +}. */
  ADD("+", 4),
  /** {@code -}. */
  SUB("-", 4),
  /** {@code ==}. */
  EQLC("==", 3),
  /** {@code !=}. */
  NEQ("!=", 3),
  /** {@code >}. */
  GTR(">", 3),
  /** {@code <}. */
  LSS("<", 3),
  /** {@code >=}. */
  GTE(">=", 3),
  /** {@code <=}. */
  LTE("<=", 3);

  private final String symbol;
  private final int precedence;

  BinaryOp(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  /** The operator as written. */
  public String symbol() {
    return symbol;
  }

  /** Binding strength; higher binds tighter. */
  public int precedence() {
    return precedence;
  }

  /** Whether the operator is a comparison (filters unless {@code bool}). */
  public boolean isComparison() {
    return precedence == 3;
  }

  /** Whether {@code a op b op c} groups as {@code a op (b op c)}. */
  public boolean isRightAssociative() {
    return this == POW;
  }
}
