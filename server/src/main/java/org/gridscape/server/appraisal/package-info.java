/**
 * 效能督导, the appraisal of grid workers, grids, villages and townships for a period: patrol
 * coverage and effort, visits, the timeliness and quality of their events, and a weighted score
 * (docs/APPRAISAL.md). Read with a few set-based queries; exported as JSON, CSV or XLSX.
 */
package org.gridscape.server.appraisal;
