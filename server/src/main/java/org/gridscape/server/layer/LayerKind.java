package org.gridscape.server.layer;

import static org.gridscape.server.layer.Column.choice;
import static org.gridscape.server.layer.Column.date;
import static org.gridscape.server.layer.Column.id;
import static org.gridscape.server.layer.Column.integer;
import static org.gridscape.server.layer.Column.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridscape.server.layer.Column.Ref;
import org.gridscape.server.layer.Column.Type;

/**
 * The importable tables of the people, housing-safety, Party and assistance layers, each with its
 * columns in file order (docs/DATA-FORMATS.md). The first column is the record's id except for
 * Party links and inspections, whose key is the pair of their first two columns.
 */
public enum LayerKind {
  HOUSEHOLDS("households", "household", 1, List.of(
      id("household_id", null, true, "户编号", "户号", "家庭编号"),
      id("building_id", Ref.BUILDING, true, "房屋编号", "建筑编号", "楼栋编号"),
      integer("size", 0, 100, "户人数", "家庭人数", "人数"))),
  RESIDENTS("residents", "resident", 1, List.of(
      id("resident_id", null, true, "人员编号", "居民编号"),
      id("household_id", Ref.HOUSEHOLD, true, "户编号", "户号", "家庭编号"),
      text("name", false, 100, "姓名"),
      text("id_number", false, 18, "身份证号", "身份证号码", "公民身份号码", "证件号码"),
      text("phone", false, 20, "电话", "联系电话", "手机", "手机号", "手机号码"),
      choice("gender", false, Vocabulary.GENDER, "性别"),
      integer("birth_year", 1850, 2100, "出生年份", "出生年"),
      choice("relation", false, Vocabulary.RELATION, "与户主关系", "关系"),
      new Column("tags", Type.LIST, false, Vocabulary.TAGS, 0, 500, null, List.of("标签", "人员标签")))),
  PARTY_ORGS("party-orgs", "party_org", 1, List.of(
      id("org_id", null, true, "组织编号", "党组织编号"),
      choice("kind", true, Vocabulary.ORG_KIND, "类型", "组织类型"),
      text("name", true, 200, "名称", "组织名称"),
      id("parent_org_id", Ref.PARTY_ORG, false, "上级组织编号", "上级党组织编号"),
      new Column("region_code", Type.TEXT, false, Map.of(), 0, 15, Ref.REGION,
          List.of("区划代码", "区域代码", "所属区域", "网格编码")),
      choice("formation", false, Vocabulary.FORMATION, "组建方式"))),
  PARTY_MEMBERS("party-members", "party_member", 1, List.of(
      id("member_id", null, true, "党员编号"),
      id("resident_id", Ref.RESIDENT, true, "人员编号", "居民编号"),
      id("org_id", Ref.PARTY_ORG, true, "组织编号", "党组织编号", "所在党组织"),
      integer("duty_points", 0, 100_000, "积分", "履职积分"),
      integer("stars", 0, 5, "星级"))),
  PARTY_LINKS("party-links", "party_link", 2, List.of(
      id("member_id", Ref.PARTY_MEMBER, true, "党员编号"),
      id("household_id", Ref.HOUSEHOLD, true, "户编号", "户号", "联系户编号"))),
  ASSISTANCE("assistance", "assistance_case", 1, List.of(
      id("case_id", null, true, "帮扶编号", "案件编号", "个案编号"),
      id("household_id", Ref.HOUSEHOLD, true, "户编号", "户号"),
      choice("category", true, Vocabulary.ASSISTANCE_CATEGORY, "类别", "帮扶类别", "困难类别"),
      id("helper_member_id", Ref.PARTY_MEMBER, false, "帮扶党员编号", "帮扶人编号", "帮扶人"),
      choice("status", true, Vocabulary.ASSISTANCE_STATUS, "状态", "帮扶状态"),
      integer("visits", 0, 100_000, "走访次数"),
      date("last_visit", false, "最近走访", "最近走访日期", "最后走访日期"))),
  INSPECTIONS("inspections", "inspection", 2, List.of(
      id("building_id", Ref.BUILDING, true, "房屋编号", "建筑编号", "楼栋编号"),
      date("inspected_on", true, "检查日期", "鉴定日期"),
      choice("grade", true, Vocabulary.GRADE, "等级", "安全等级", "鉴定等级"),
      text("inspector", false, 100, "检查人", "鉴定人"))),
  ILLEGAL_CONSTRUCTION("illegal-construction", "illegal_case", 1, List.of(
      id("case_id", null, true, "案件编号", "编号"),
      id("building_id", Ref.BUILDING, true, "房屋编号", "建筑编号", "楼栋编号"),
      choice("status", true, Vocabulary.ILLEGAL_STATUS, "状态", "整改状态"),
      date("found_on", false, "发现日期"))),
  WORKERS("workers", "worker", 1, List.of(
      id("worker_id", null, true, "网格员编号", "人员编号"),
      text("name", false, 100, "姓名"),
      choice("type", true, Vocabulary.WORKER_TYPE, "类型", "网格员类型"),
      text("phone", false, 20, "电话", "联系电话", "手机", "手机号"),
      id("organ", Ref.ORGAN, false, "organ_id", "所属机关", "机关编号"),
      new Column("village_code", Type.TEXT, false, Map.of(), 0, 15, Ref.VILLAGE, List.of("村代码", "村居代码", "所属村")),
      new Column("grid_codes", Type.LIST, false, Map.of(), 0, 4000, Ref.GRID, List.of("网格编码", "负责网格")),
      // a worker who is a Party member (党员网格员): their visits earn the member duty points
      id("member_id", Ref.PARTY_MEMBER, false, "党员编号"))),
  ORGANS("organs", "organ", 1, List.of(
      id("organ_id", null, true, "机关编号", "单位编号"),
      text("name", true, 200, "名称", "机关名称", "单位名称")));

  private final String path;
  private final String table;
  private final int keyColumns;
  private final List<Column> columns;

  LayerKind(String path, String table, int keyColumns, List<Column> columns) {
    this.path = path;
    this.table = table;
    this.keyColumns = keyColumns;
    this.columns = columns;
  }

  /** The name in {@code POST /api/v1/imports/{name}} and of the sample file ({@code name.csv}). */
  public String path() {
    return path;
  }

  String table() {
    return table;
  }

  int keyColumns() {
    return keyColumns;
  }

  List<Column> columns() {
    return columns;
  }

  int columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(this + " has no column " + name);
  }

  /** The key of a parsed row: its id, or "a|b" for the pair-keyed tables. */
  String key(Object[] values) {
    return keyColumns == 1 ? (String) values[0] : values[0] + "|" + values[1];
  }

  public static Optional<LayerKind> fromPath(String path) {
    for (LayerKind kind : values()) {
      if (kind.path.equals(path)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Canonical names of a kind's columns, for messages. */
  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** The vocabularies of the enum columns: canonical values and their accepted Chinese spellings. */
  static final class Vocabulary {
    private Vocabulary() {}

    static final Map<String, String> GENDER = words("male 男 m", "female 女 f");
    static final Map<String, String> RELATION = words("head 户主 本人", "spouse 配偶", "parent 父母 父亲 母亲",
        "child 子女 儿子 女儿", "grandchild 孙子女 孙子 孙女 外孙 外孙女", "sibling 兄弟姐妹", "other 其他");
    static final Map<String, String> TAGS = words("dibao 低保", "tekun 特困", "dibao_edge 低保边缘",
        "disabled 残疾 残疾人", "elderly_alone 独居老人", "left_behind_child 留守儿童", "veteran 退役军人",
        "elderly 老年人", "key_person 重点人员");
    static final Map<String, String> ORG_KIND = words("village_org 村党组织 村党委 村党总支 村党支部",
        "grid_branch 网格党支部 网格党总支 网格党小组", "building_group 楼栋党小组 楼栋党组");
    static final Map<String, String> FORMATION = words("alone 单独组建 单独", "joint 联合组建 联合",
        "attached 挂靠组建 挂靠", "upgraded 升格组建 升格");
    static final Map<String, String> ASSISTANCE_CATEGORY = words("dibao 低保 低保户", "tekun 特困 特困人员",
        "dibao_edge 低保边缘 低保边缘户", "disabled 残疾 残疾人", "elderly_alone 独居老人", "left_behind_child 留守儿童");
    static final Map<String, String> ASSISTANCE_STATUS = words("active 帮扶中 在帮", "closed 已结束 已结案");
    static final Map<String, String> GRADE = words("A A级", "B B级", "C C级", "D D级");
    static final Map<String, String> ILLEGAL_STATUS = words("open 未整改 待整改", "remediating 整改中",
        "remediated 已整改 已拆除");
    static final Map<String, String> WORKER_TYPE = words("comprehensive 综治网格员 综治", "police 警务网格员 警务",
        "community 社区网格员 社区", "part_time 兼职网格员 兼职", "cadre 干部 机关干部");

    /** Each group is "canonical spelling spelling ..."; lookups are by the lower-cased spelling. */
    private static Map<String, String> words(String... groups) {
      Map<String, String> map = new LinkedHashMap<>();
      for (String group : groups) {
        String[] spellings = group.split(" ");
        for (String s : spellings) {
          map.put(s.toLowerCase(java.util.Locale.ROOT), spellings[0]);
        }
      }
      return map;
    }
  }
}
