package org.gridscape.scene.model;

/** Housing-safety grade per JGJ 125 (A best, D dangerous), or not yet inspected. */
public enum SafetyGrade {
  A, B, C, D, UNKNOWN
}
