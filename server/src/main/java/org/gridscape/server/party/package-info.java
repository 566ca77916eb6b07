/**
 * Party members' duty points (修分争星): the ledger of points per member, earned for visits to the
 * households they are linked to and for recorded activities, spent on relief goods for assistance
 * households, and the stars that follow from the balance (docs/APPRAISAL.md).
 */
package org.gridscape.server.party;
