-- 031_languages.sql - the language each member reads the network in (issue 20,
-- point 7: English, Portuguese, French; docs/ARCHITECTURE.md, "Languages").
--
-- users.language: a language code of src/base/i18n.c ("en", "pt", "fr"), or ''
-- when the member has not chosen: then the browser's Accept-Language, else the
-- network's default (the setting `language`). The setting needs no table: it
-- is a row of `settings`, absent until an administrator picks one (English).
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
