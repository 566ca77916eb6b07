package org.gridscape.server.layer;

/**
 * A building's housing-safety grade per JGJ 125 (A best, D dangerous) from its latest inspection,
 * or UNKNOWN when never inspected. Same constant names as the scene builder's SafetyGrade, so the
 * publisher maps by {@code name()}.
 */
public enum HousingGrade {
  A, B, C, D, UNKNOWN
}
