package org.gridscape.server.sample;

import java.io.Closeable;
import java.nio.file.Path;

/** The CSV files of a sample, open for the whole run; every replica appends to the same files. */
final class Outputs implements Closeable {

  final CsvOut households;
  final CsvOut residents;
  final CsvOut partyOrgs;
  final CsvOut partyMembers;
  final CsvOut partyLinks;
  final CsvOut assistance;
  final CsvOut inspections;
  final CsvOut illegalConstruction;
  final CsvOut workers;
  final CsvOut organs;
  final CsvOut events;
  final CsvOut emergencyResources;
  final CsvOut patrols;
  final CsvOut visits;
  final CsvOut collections;
  final CsvOut dutyPoints;

  Outputs(Path dir) {
    households = new CsvOut(dir.resolve("households.csv"), "household_id", "building_id", "size");
    residents = new CsvOut(dir.resolve("residents.csv"), "resident_id", "household_id", "name", "id_number", "phone",
        "gender", "birth_year", "relation", "tags");
    partyOrgs = new CsvOut(dir.resolve("party-orgs.csv"), "org_id", "kind", "name", "parent_org_id", "region_code",
        "formation");
    partyMembers = new CsvOut(dir.resolve("party-members.csv"), "member_id", "resident_id", "org_id", "duty_points",
        "stars");
    partyLinks = new CsvOut(dir.resolve("party-links.csv"), "member_id", "household_id");
    assistance = new CsvOut(dir.resolve("assistance.csv"), "case_id", "household_id", "category", "helper_member_id",
        "status", "visits", "last_visit");
    inspections = new CsvOut(dir.resolve("inspections.csv"), "building_id", "grade", "inspected_on", "inspector");
    illegalConstruction = new CsvOut(dir.resolve("illegal-construction.csv"), "case_id", "building_id", "status",
        "found_on");
    workers = new CsvOut(dir.resolve("workers.csv"), "worker_id", "name", "type", "phone", "organ", "village_code",
        "grid_codes", "member_id");
    organs = new CsvOut(dir.resolve("organs.csv"), "organ_id", "name");
    events = new CsvOut(dir.resolve("events.csv"), "event_id", "category", "level", "title", "lon", "lat", "grid_code",
        "reported_at", "step", "closed_at", "deadline", "supervised");
    emergencyResources = new CsvOut(dir.resolve("emergency-resources.csv"), "id", "kind", "name", "lon", "lat",
        "grid_code", "capacity", "supplies");
    patrols = new CsvOut(dir.resolve("patrols.csv"), "patrol_id", "worker_id", "grid_code", "started_at", "ended_at",
        "track");
    visits = new CsvOut(dir.resolve("visits.csv"), "visit_id", "worker_id", "grid_code", "building_id", "household_id",
        "visited_at", "lon", "lat", "accuracy", "distance_m", "note");
    collections = new CsvOut(dir.resolve("field-collections.csv"), "id", "kind", "worker_id", "grid_code",
        "building_id", "household_id", "proposal", "state", "proposed_at", "reviewer", "reviewed_at", "reason");
    dutyPoints = new CsvOut(dir.resolve("duty-points.csv"), "member_id", "kind", "points", "household_id", "note",
        "recorded_by", "recorded_at");
  }

  @Override
  public void close() {
    for (CsvOut c : new CsvOut[] {households, residents, partyOrgs, partyMembers, partyLinks, assistance, inspections,
        illegalConstruction, workers, organs, events, emergencyResources, patrols, visits, collections, dutyPoints}) {
      c.close();
    }
  }
}
