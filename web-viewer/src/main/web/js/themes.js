// Thematic colourings of buildings. Each is one Cesium3DTileStyle colour rule over the tile
// metadata (EXT_structural_metadata, see scene-builder BuildingMetadata) plus the legend that
// explains it. Exactly one theme is active at a time; the legend is built from the same table so
// the map and the legend can never disagree.

export const NEUTRAL = '#9fb3c8';

// Without a theme the tiles show their own vertex colours: facade and roof by use (scene-builder
// BuildingColors; these are the same sRGB values). The style then leaves buildings white, which
// Cesium's HIGHLIGHT blend multiplies with those colours, i.e. keeps them.
export const THEMES = [
  {
    id: 'none',
    labelKey: 'theme.none',
    legend: [
      { color: '#e8dcc8', labelKey: 'legend.useResidential' },
      { color: '#a4493d', labelKey: 'legend.roofTiled' },
      { color: '#a29c92', labelKey: 'legend.roofFlat' },
      { color: '#d9d4cc', labelKey: 'legend.useCommercial' },
      { color: '#5b7a99', labelKey: 'legend.useIndustrial' },
      { color: '#7a8f6a', labelKey: 'legend.usePublic' },
    ],
    ownColours: true,
    conditions: [],
  },
  {
    id: 'safety',
    labelKey: 'theme.safety',
    legend: [
      { color: '#2fbf71', labelKey: 'legend.gradeA', when: "${safetyGrade} === 'A'" },
      { color: '#f2d13a', labelKey: 'legend.gradeB', when: "${safetyGrade} === 'B'" },
      { color: '#f28c28', labelKey: 'legend.gradeC', when: "${safetyGrade} === 'C'" },
      { color: '#e0413a', labelKey: 'legend.gradeD', when: "${safetyGrade} === 'D'" },
      { color: '#7d8794', labelKey: 'legend.gradeUnknown', when: 'true' },
    ],
  },
  {
    id: 'population',
    labelKey: 'theme.population',
    legend: [
      { color: '#0b3c8c', labelKey: 'legend.residents4', when: '${residents} >= 100' },
      { color: '#1f6fd1', labelKey: 'legend.residents3', when: '${residents} >= 30' },
      { color: '#4aa3f0', labelKey: 'legend.residents2', when: '${residents} >= 10' },
      { color: '#a7d4fb', labelKey: 'legend.residents1', when: '${residents} >= 1' },
      { color: '#5c6673', labelKey: 'legend.residents0', when: 'true' },
    ],
  },
  {
    id: 'party',
    labelKey: 'theme.party',
    legend: [
      { color: '#e3262f', labelKey: 'legend.partyMember', when: '${partyMembers} > 0' },
      { color: '#f5a25d', labelKey: 'legend.partyLinked', when: '${partyLinkedHouseholds} > 0' },
      { color: '#6b7480', labelKey: 'legend.partyNone', when: 'true' },
    ],
  },
  {
    id: 'assistance',
    labelKey: 'theme.assistance',
    legend: [
      { color: '#b04ee0', labelKey: 'legend.assist2', when: '${assistanceHouseholds} >= 2' },
      { color: '#d9a5f5', labelKey: 'legend.assist1', when: '${assistanceHouseholds} >= 1' },
      { color: '#6b7480', labelKey: 'legend.assist0', when: 'true' },
    ],
  },
  {
    id: 'illegal',
    labelKey: 'theme.illegal',
    legend: [
      { color: '#e0413a', labelKey: 'legend.illegalOpen', when: "${illegalConstruction} === 'OPEN'" },
      { color: '#f28c28', labelKey: 'legend.illegalRemediating', when: "${illegalConstruction} === 'REMEDIATING'" },
      { color: '#2fbf71', labelKey: 'legend.illegalRemediated', when: "${illegalConstruction} === 'REMEDIATED'" },
      { color: '#6b7480', labelKey: 'legend.illegalNone', when: 'true' },
    ],
  },
];

export function theme(id) {
  return THEMES.find((t) => t.id === id) ?? THEMES[0];
}

/** Colour of the grid boundary walls that the tiles carry beside the buildings. */
export const BOUNDARY_COLOR = "color('#35d0ff', 0.35)";
// The same wall under REPLACE, which drops the wall material's own colour (0, 0.75, 1, 0.35):
// the product HIGHLIGHT gives, so the boundary looks alike with and without a theme.
export const BOUNDARY_COLOR_REPLACE = 'rgba(0, 156, 255, 0.1225)';
export const SELECTED_COLOR = "color('#00f0ff')";

/**
 * How Cesium combines a theme's colour with the tile's own: a theme colours whole buildings
 * (REPLACE: facade and roof colours are dropped); without one the tile's colours show (HIGHLIGHT,
 * multiplied with white).
 */
export function colorBlendMode(themeId) {
  return theme(themeId).ownColours ? 'HIGHLIGHT' : 'REPLACE';
}

/**
 * The style JSON for a theme: boundary walls first (shown only with the grid overlay), then the
 * selected building, then the theme's rules in legend order.
 */
export function styleJson(themeId, { selectedBuildingId = null, showBoundaries = true } = {}) {
  const active = theme(themeId);
  const replace = colorBlendMode(themeId) === 'REPLACE';
  const conditions = [["${featureKind} === 'GRID_BOUNDARY'", replace ? BOUNDARY_COLOR_REPLACE : BOUNDARY_COLOR]];
  if (selectedBuildingId) {
    conditions.push([`\${buildingId} === '${selectedBuildingId.replace(/['\\]/g, '')}'`, SELECTED_COLOR]);
  }
  for (const entry of active.legend) {
    if (entry.when) conditions.push([entry.when, `color('${entry.color}')`]);
  }
  if (!active.legend.some((e) => e.when === 'true')) {
    conditions.push(['true', active.ownColours ? "color('white')" : `color('${NEUTRAL}')`]);
  }
  return {
    show: showBoundaries ? 'true' : "${featureKind} !== 'GRID_BOUNDARY'",
    color: { conditions },
  };
}
