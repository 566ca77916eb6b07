-- Roof form of a building as the plan gives it (issue 18): flat, gable or hip; NULL leaves the
-- choice to the scene builder's rule (pitched roofs for village houses, flat for the rest).
ALTER TABLE building ADD COLUMN roof VARCHAR(8);
ALTER TABLE draft_building ADD COLUMN roof VARCHAR(8);
