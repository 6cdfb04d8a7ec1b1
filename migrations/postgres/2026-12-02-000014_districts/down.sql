DROP TABLE districts;
