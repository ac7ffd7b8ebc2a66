-- Überblick: 日本語のテーブル 😀
CREATE TABLE "café😀" (id bigint PRIMARY KEY, "naïve😀🎉" timestamp NOT NULL, n int);
