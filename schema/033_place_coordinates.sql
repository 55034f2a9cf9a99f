-- 033_place_coordinates.sql - where a place is on the map (issue 20, point 8;
-- docs/ARCHITECTURE.md, "Shared services", Maps of places).
--
-- places.lat_e6, places.lon_e6: the latitude and the longitude in millionths of
-- a degree (38.7223 is 38722300), integers so both databases keep them exactly;
-- both NULL while nobody has said where the place is. The pages draw the cities
-- (metros) that have them; an administrator sets them on the place's page or
-- through the API. The database refuses one without the other and anything
-- beyond ±90 and ±180 degrees.
ALTER TABLE places ADD COLUMN lat_e6 BIGINT;
ALTER TABLE places ADD COLUMN lon_e6 BIGINT;

@CHECK(places.position: (NEW.lat_e6 IS NULL AND NEW.lon_e6 IS NULL)
       OR (NEW.lat_e6 BETWEEN -90000000 AND 90000000 AND NEW.lon_e6 BETWEEN -180000000 AND 180000000));
