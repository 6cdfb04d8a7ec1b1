ALTER TABLE photos DROP COLUMN device_clock_offset_s;
