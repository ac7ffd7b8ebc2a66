CREATE TABLE bookings (room int, during tstzrange);
-- fixture: existing above

-- Positive: the range is the ADD CONSTRAINT subcommand.
ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&); -- want: ban-add-exclusion-constraint 5:22-5:96

-- Negative: other constraints, and a table created in this file.
ALTER TABLE bookings ADD CONSTRAINT room_positive CHECK (room > 0) NOT VALID;
CREATE TABLE slots (room int, during tstzrange);
ALTER TABLE slots ADD CONSTRAINT slots_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
