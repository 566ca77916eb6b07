/**
 * The people, housing-safety, Party and assistance layers (人、事、物、地、组织): import, aggregates,
 * overlays and the person-level API with its privacy rules.
 *
 * <h2>Import ({@link org.gridscape.server.layer.LayerImporter})</h2>
 * {@code POST /api/v1/imports/{layer}} (admins only) with the table as the body: CSV (RFC 4180; UTF-8,
 * or GBK when the bytes are not valid UTF-8; a BOM is dropped) or a JSON array of objects with the
 * same keys; {@code Content-Type} {@code text/csv} or {@code application/json} (absent or
 * octet-stream: recognised by the first character). Headers are the English names below or Chinese
 * ones (户编号, 房屋编号, 姓名, 身份证号, 电话, 性别, 出生年份, 与户主关系, 标签, 等级, 检查日期, 检查人 ...; see
 * {@link org.gridscape.server.layer.LayerKind}); case, spaces, '_' and '-' in headers do not matter;
 * unknown columns are ignored and listed in the answer. Enum values may be written in Chinese
 * (男/女, 户主, 低保, 残疾, 网格党支部, 联合组建, 整改中, 综治网格员 ...). Lists ({@code tags},
 * {@code grid_codes}) are separated by ';' (also '；', '、', '|'); JSON may give them as arrays.
 * <ul>
 *   <li>{@code households}: household_id, building_id, size</li>
 *   <li>{@code residents}: resident_id, household_id, name, id_number, phone, gender, birth_year, relation, tags</li>
 *   <li>{@code party-orgs}: org_id, kind (village_org|grid_branch|building_group), name, parent_org_id,
 *       region_code, formation (alone|joint|attached|upgraded)</li>
 *   <li>{@code party-members}: member_id, resident_id, org_id, duty_points, stars</li>
 *   <li>{@code party-links}: member_id, household_id</li>
 *   <li>{@code party}: one JSON object {@code {"orgs": [...], "members": [...], "links": [...]}} (each
 *       optional), imported in that order in one transaction</li>
 *   <li>{@code assistance}: case_id, household_id, category (dibao|tekun|dibao_edge|disabled|elderly_alone|
 *       left_behind_child), helper_member_id, status (active|closed), visits, last_visit</li>
 *   <li>{@code inspections}: building_id, grade (A-D), inspected_on (YYYY-MM-DD), inspector</li>
 *   <li>{@code illegal-construction}: case_id, building_id, status (open|remediating|remediated), found_on</li>
 *   <li>{@code workers}: worker_id, name, type (comprehensive|police|community|part_time|cadre), phone,
 *       organ, village_code, grid_codes, member_id (the Party member the worker is, if any)</li>
 *   <li>{@code organs}: organ_id, name</li>
 * </ul>
 * Order of loading: village plans and grids first, then households, residents, party-orgs,
 * party-members, party-links, assistance; organs and party-members before workers; inspections and
 * illegal-construction any time after the plans.
 *
 * <p><b>All or nothing.</b> Every value is checked (type, range, vocabulary, required, duplicate keys
 * within the upload) and every reference resolved (人房关联: a household's building, a resident's
 * household, a member's resident and organisation, a link's member and household, a case's household
 * and helper, an organisation's parent and region or grid, a worker's organ, village, grids and member).
 * Any problem rejects the whole upload with 422 {@code invalid_rows}; {@code details} lists up to
 * 1,000 problems, each with {@code line} (CSV, header = line 1) or {@code item} (JSON, 1-based),
 * {@code column}, {@code rule} and {@code message}. Messages never repeat names, ID numbers or phones.
 * Unreadable bodies are 400 {@code malformed_file}, other media types 415.
 *
 * <p><b>Replace semantics.</b> {@code ?mode=upsert} (default): a row replaces the stored row with the
 * same key (the id; for inspections building + date; links are kept if present) and leaves all other
 * rows alone. {@code ?mode=replace}: the table is emptied first (rows of other tables that pointed
 * to removed rows stay and are simply no longer counted). Every import marks the grids of the
 * buildings whose figures change (before and after) in {@code scene_dirty}, and is audit-logged
 * ({@code layer.import}).
 *
 * <h2>Aggregates ({@link org.gridscape.server.layer.LayerFigures})</h2>
 * Per building ({@link org.gridscape.server.layer.BuildingFigures}, for the scene metadata), per
 * region or grid ({@code GET /api/v1/regions/{code}/stats}) and for the district
 * ({@code GET /api/v1/stats}, events from the events engine's table when it exists). People count in
 * the building of their household; a building's grade is that of its latest inspection; its
 * illegal-construction state is its worst case; assistance counts households with an active case.
 *
 * <h2>Overlays ({@link org.gridscape.server.layer.LayerGeoJson})</h2>
 * {@code GET /api/v1/layers/party-links?grid=} (member's building to linked household's building,
 * one line per building pair with counts) and {@code GET /api/v1/layers/points?grid=&kind=}
 * (party_branch, neighbourhood_centre, party_service_centre, assistance). Buildings and
 * organisations only: no person ids, names or categories of need.
 *
 * <h2>Personal data ({@link org.gridscape.server.layer.Disclosure}, {@link org.gridscape.server.layer.PersonalData})</h2>
 * Names, ID numbers, phones, birth years and tags appear only in {@code GET /api/v1/buildings/{id}/households}
 * and {@code GET /api/v1/residents/{id}}, for admins, leaders and grid workers within their scopes;
 * masked by default ({@link org.gridscape.server.layer.Masking}); in full with {@code ?full=true} for
 * admins and for grid workers in their own grids only; every full read is written to
 * {@code audit_log} ({@code personal_data.read_full}: actor, target, time, remote address).
 */
package org.gridscape.server.layer;
