-- The metadata database (airflow) is created by the image from POSTGRES_DB; this adds the warehouse.
CREATE USER synd WITH PASSWORD 'synd';
CREATE DATABASE synd OWNER synd;
