-- What a phone's clock said (its `Date` header) against the server's, in seconds, when it
-- sent each photo: a wrong clock cannot fake a visit window. (A report's own reading is taken
-- when it is submitted, and kept as its flag.)
ALTER TABLE photos ADD COLUMN device_clock_offset_s BIGINT;
