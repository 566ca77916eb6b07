/**
 * OGC API - Features Part 3 filtering: CQL2 text ({@link org.gridscape.server.ogc.filter.Cql2Text},
 * an ANTLR parser generated from src/main/antlr4/.../Cql2.g4) and CQL2 JSON
 * ({@link org.gridscape.server.ogc.filter.Cql2Json}) into one tree
 * ({@link org.gridscape.server.ogc.filter.Expr}), checked against a layer's queryables and
 * translated to SQL with bound arguments ({@link org.gridscape.server.ogc.filter.FilterCompiler});
 * the queryables document ({@link org.gridscape.server.ogc.filter.Queryables}). Refusals are
 * {@link org.gridscape.server.ogc.filter.FilterException}s naming the position; the HTTP layer
 * answers them with 400. See docs/LAYER-SERVICES.md.
 */
package org.gridscape.server.ogc.filter;
