-- Rows big enough that each commit writes a chunk of its own and old chunks turn to garbage.
CREATE TABLE padding (id INT PRIMARY KEY, body VARCHAR(20000));
