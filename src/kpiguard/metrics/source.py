"""Where the data lives: one engine connection per spec, tables mapped to the canonical names, read-only.

DuckDB (embedded, the default) reads the Parquet/CSV files of `data.tables` through views, or tables of a
`.duckdb` file attached read-only. Any other engine is reached through `data.engine`, a URL that `ibis.connect`
understands (postgres://..., pyspark://local for a local Spark session, ...), where `data.tables` names tables.
The session time zone is set to the spec's timezone, so a timezone-aware timestamp cast to a naive one is the
local wall-clock time there: periods are then compared on local time, the same way on every engine.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, unquote

from kpiguard._i18n import Message
from kpiguard._io import SQLITE_MAGIC
from kpiguard._numbers import ISO_CURRENCIES
from kpiguard.errors import DataError, Diagnostic, KpiguardError, Location
from kpiguard.spec.loader import CANONICAL_COLUMNS
from kpiguard.spec.models import Spec

M = Message
REPEATED_IDS = M(
    en="table {table!r} has several rows for one {key}: {ids}; metric {metric!r} joins each row of {joined!r} to "
       "its {key} and would count such rows once per row of {table!r}: keep one row per {key} (data.filters, or a "
       "view)",
    fr="la table {table!r} a plusieurs lignes pour un même {key} : {ids} ; la métrique {metric!r} joint chaque "
       "ligne de {joined!r} à son {key} et compterait ces lignes une fois par ligne de {table!r} : gardez une "
       "ligne par {key} (data.filters, ou une vue)")
NO_TABLE = M(
    en="metric {metric!r} needs table {table!r}, which the spec does not map; add it under data.tables "
       "({table}: path/to/{table}.parquet or a table name)",
    fr="la métrique {metric!r} a besoin de la table {table!r}, que la spec ne déclare pas ; ajoutez-la sous "
       "data.tables ({table}: chemin/vers/{table}.parquet ou un nom de table)")
HELD_TABLE = M(en="; the engine has a table {held!r}: {table}: {held}",
               fr=" ; le moteur a une table {held!r} : {table}: {held}")
NO_FILE = M(en="table {table!r}: file {path} not found (paths are relative to the spec file)",
            fr="table {table!r} : fichier {path} introuvable (les chemins sont relatifs au fichier de spec)")
CANNOT_READ = M(en="table {table!r}: cannot read {path}: {reason}",
                fr="table {table!r} : impossible de lire {path} : {reason}")
CONNECTING = M(en="connecting to {engine}", fr="connexion à {engine}")
READING_DATES = M(en="reading the first and last dates of table {table}", fr="lecture des dates extrêmes de la table {table}")
NO_ENGINE_FILE = M(en="engine: database file {path} not found (paths are relative to the spec file)",
                   fr="engine : fichier de base de données {path} introuvable (les chemins sont relatifs au fichier "
                      "de spec)")
# A database file as `data.engine` (the loader's list): DuckDB's, or SQLite's (told apart by their header).
DATABASE_FILES = (".duckdb", ".ddb", ".db", ".sqlite", ".sqlite3")
UNSET_ENV = M(en="engine: environment variable {name} is not set; export it (export {name}=...) before running "
                 "kpiguard, or write the value in data.engine",
              fr="engine : la variable d'environnement {name} n'est pas définie ; exportez-la (export {name}=...) "
                 "avant de lancer kpiguard, ou écrivez la valeur dans data.engine")
EMPTY_ENV = M(en="engine: environment variable {name} is empty; export it with the connection URL "
                "(export {name}=postgres://user@host:5432/db) before running kpiguard",
             fr="engine : la variable d'environnement {name} est vide ; exportez-la avec l'URL de connexion "
                "(export {name}=postgres://user@host:5432/db) avant de lancer kpiguard")
BAD_ENV_NAME = M(en="engine: ${{{name}}} is not an environment variable name; write ${{NAME}} with letters, digits "
                    "and _ (e.g. ${{KPIGUARD_DB_PASSWORD}})",
                 fr="engine : ${{{name}}} n'est pas un nom de variable d'environnement ; écrivez ${{NOM}} avec des "
                    "lettres, chiffres et _ (par ex. ${{KPIGUARD_DB_PASSWORD}})")
NOT_ENCODED = M(
    en="engine: the connection URL has an '@', '/' or '#' that is not part of its address: a user name or password "
       "holding one must be percent-encoded (@ as %40, / as %2F, # as %23, : as %3A), or kept in a variable of its "
       "own, which kpiguard encodes: {example}",
    fr="engine : l'URL de connexion contient un '@', un '/' ou un '#' qui ne fait pas partie de son adresse : un nom "
       "d'utilisateur ou un mot de passe qui en contient doit être encodé (@ en %40, / en %2F, # en %23, : en %3A), "
       "ou placé dans une variable à part, que kpiguard encode : {example}")
LOCKED = M(en=". Another program has the file open for writing (a dbt run, a notebook): run kpiguard once it has "
                "finished or closed it, or on a copy of the file",
           fr=". Un autre programme a ouvert le fichier en écriture (un dbt run, un notebook) : lancez kpiguard une "
              "fois qu'il a fini ou l'a fermé, ou sur une copie du fichier")
CANNOT_CONNECT = M(en="cannot connect to engine {engine!r}: {reason}",
                   fr="impossible de se connecter au moteur {engine!r} : {reason}")
OTHER_DATABASE = M(
    en="table {table!r}: {name!r} is in the database {database!r}, but a PostgreSQL connection reads the tables of "
       "the database its URL names ({current!r}) only: name the table there ({rest}), or connect to {database} in "
       "data.engine",
    fr="table {table!r} : {name!r} est dans la base {database!r}, mais une connexion PostgreSQL ne lit que les "
       "tables de la base que son URL nomme ({current!r}) : nommez la table dans celle-ci ({rest}), ou connectez-vous "
       "à {database} dans data.engine")
NO_ENGINE_TABLE = M(en="table {table!r}: {name!r} does not exist in the engine {engine!r}{hint}",
                    fr="table {table!r} : {name!r} n'existe pas dans le moteur {engine!r}{hint}")
CANNOT_OPEN_TABLE = M(
    en="table {table!r}: the engine {engine!r} has {name!r} but cannot read it: {reason}. If it is a view, check "
       "what it reads (files it names by a relative path are looked for in the current folder, then in the "
       "database file's) and that this user may read it",
    fr="table {table!r} : le moteur {engine!r} a {name!r} mais ne peut pas la lire : {reason}. Si c'est une vue, "
       "vérifiez ce qu'elle lit (les fichiers qu'elle nomme par un chemin relatif sont cherchés dans le dossier "
       "courant, puis dans celui du fichier de base) et que cet utilisateur a le droit de la lire")
ENGINE_REFUSED_TABLE = M(en="table {table!r}: the engine {engine!r} could not open {name!r}: {reason}",
                         fr="table {table!r} : le moteur {engine!r} n'a pas pu ouvrir {name!r} : {reason}")
TIMED_OUT = M(
    en=". The server stops every query of this user or database after its statement_timeout: give kpiguard's "
       "sessions a longer one in the engine URL (`?options=-c%20statement_timeout%3D15min`) or ask for one for "
       "the user (ALTER ROLE ... SET statement_timeout = '15min'); run ANALYZE on freshly loaded tables",
    fr=". Le serveur arrête toute requête de cet utilisateur ou de cette base après son statement_timeout : "
       "donnez-en un plus long aux sessions de kpiguard dans l'URL du moteur "
       "(`?options=-c%20statement_timeout%3D15min`) ou demandez-en un pour l'utilisateur (ALTER ROLE ... SET "
       "statement_timeout = '15min') ; lancez ANALYZE sur les tables fraîchement chargées")
LOGIN_REFUSED = M(
    en=". Check the user name and the password: in the URL, a password's @ : / # ? % and spaces must be "
       "percent-encoded (@ as %40), or keep it in a variable of its own, which kpiguard encodes: "
       "postgres://user:${DB_PASSWORD}@host:5432/db",
    fr=". Vérifiez le nom d'utilisateur et le mot de passe : dans l'URL, les @ : / # ? % et espaces d'un mot de passe "
       "doivent être encodés (@ en %40), ou gardez-le dans une variable à part, que kpiguard encode : "
       "postgres://user:${DB_PASSWORD}@host:5432/db")
CASE_OF_NAMES = M(
    en=" (kpiguard takes names as written, case included, where SQL folds unquoted ones: write it as the engine "
       "has it)",
    fr=" (kpiguard prend les noms tels qu'écrits, casse comprise, là où SQL replie ceux sans guillemets : écrivez-le "
       "comme le moteur l'a)")
CLOSE_TABLES = M(en="; did you mean {names}?", fr=" ; vouliez-vous dire {names} ?")
FOLDED_SEARCH_PATH = M(
    en="; the connection's search_path names {written} without double quotes, which PostgreSQL reads in lower case "
       "({folded}, a schema it does not have): quote it in the engine URL (`options=-c search_path=\"{schema}\"`, "
       "written `?options=-c%20search_path%3D%22{schema}%22`) or name the table with its schema ({table})",
    fr=" ; le search_path de la connexion nomme {written} sans guillemets doubles, ce que PostgreSQL lit en "
       "minuscules ({folded}, un schéma qu'il n'a pas) : mettez-le entre guillemets dans l'URL du moteur "
       "(`options=-c search_path=\"{schema}\"`, écrit `?options=-c%20search_path%3D%22{schema}%22`) ou nommez la "
       "table avec son schéma ({table})")
NO_SCHEMA = M(en="; it has no schema {schema!r} (schemas: {schemas})",
              fr=" ; il n'a pas de schéma {schema!r} (schémas : {schemas})")
NO_COLUMN = M(
    en="metric {metric!r} needs column {column!r} of table {table!r}{mapped}; columns there: {columns}. "
       "Map it under data.columns.{table} ({column}: your_column_name)",
    fr="la métrique {metric!r} a besoin de la colonne {column!r} de la table {table!r}{mapped} ; colonnes "
       "présentes : {columns}. Déclarez-la sous data.columns.{table} ({column}: nom_de_votre_colonne)")
CAMPAIGN_TOTALS = M(
    en="metric {metric!r} reads one row per e-mail event (an `event` column: sent, delivered, open, click), but table "
       "'email_events' has none and its number columns {columns} are totals: it is a campaign report, one row per "
       "campaign. Add them up in metrics of your own under metrics (the built-in rates then read them): {metrics}; "
       "or export the e-mail events themselves (one row per recipient and event)",
    fr="la métrique {metric!r} lit une ligne par événement d'e-mail (une colonne `event` : envoi, délivrance, "
       "ouverture, clic), mais la table 'email_events' n'en a pas et ses colonnes de nombres {columns} sont des "
       "totaux : c'est un rapport de campagnes, une ligne par campagne. Additionnez-les dans vos propres métriques "
       "sous metrics (les taux intégrés les lisent alors) : {metrics} ; ou exportez les événements eux-mêmes (une "
       "ligne par destinataire et par événement)")
VALUES_CANONICAL = M(
    en="data.values.{table}: {column!r} is mapped to {canonical!r} under data.columns.{table}; data.values names "
       "kpiguard's column: write {canonical}",
    fr="data.values.{table} : {column!r} est associée à {canonical!r} sous data.columns.{table} ; data.values "
       "nomme la colonne de kpiguard : écrivez {canonical}")
VALUES_BY_CASE = M(
    en="data.values.{table}: {column!r} is read as kpiguard's column {canonical!r}, whose name it writes with other "
       "capitals (matched whatever the case, without a mapping); data.values names kpiguard's column: write "
       "{canonical}",
    fr="data.values.{table} : {column!r} est lue comme la colonne {canonical!r} de kpiguard, dont elle écrit le nom "
       "avec d'autres majuscules (reconnue sans tenir compte de la casse, sans association) ; data.values nomme la "
       "colonne de kpiguard : écrivez {canonical}")
DID_YOU_MEAN_COLUMN = M(en="; did you mean {name!r}?", fr=" ; vouliez-vous dire {name!r} ?")
SAME_BUT_CASE = M(
    en="table {table!r} has several columns named {canonical!r} but for their case ({columns}): say which one "
       "kpiguard reads under data.columns.{table} ({canonical}: {first})",
    fr="la table {table!r} a plusieurs colonnes nommées {canonical!r} à la casse près ({columns}) : dites "
       "laquelle kpiguard lit sous data.columns.{table} ({canonical}: {first})")
MAPPED_AS = M(en=" (mapped to {name!r})", fr=" (associée à {name!r})")
NO_TIME = M(
    en="metric {metric!r}: table {table!r} has no time column to cut periods on; set params.time_column{lines}",
    fr="métrique {metric!r} : la table {table!r} n'a pas de colonne de temps pour découper les périodes ; "
       "précisez params.time_column{lines}")
# order_lines has no time of its own in the canonical schema: the built-in line metrics take their order's.
LINES_TIME = M(
    en=" to a column of dates of the table. Order lines have none: the built-in line_revenue and "
       "new_product_revenue place them at their order's time (completed orders only); for a metric of your own, "
       "map order_lines to a view that joins each line to its order's time and status",
    fr=" sur une colonne de dates de la table. Les lignes de commande n'en ont pas : les métriques intégrées "
       "line_revenue et new_product_revenue les placent à la date de leur commande (commandes terminées "
       "seulement) ; pour une métrique à vous, associez order_lines à une vue qui joint chaque ligne à la date et "
       "au statut de sa commande")
NOT_TEXT = M(
    en="column {column!r} of table {table!r}{mapped} is {type}, not text: kpiguard counts the orders whose status "
       "is 'completed' (or missing); say which codes are completed orders under data.values "
       "(`values: {{{table}: {{status: {{completed: [1]}}}}}}`), or map status to a text column under "
       "data.columns.{table}",
    fr="la colonne {column!r} de la table {table!r}{mapped} est de type {type}, pas du texte : kpiguard compte les "
       "commandes dont le statut est 'completed' (ou absent) ; dites quels codes sont des commandes terminées "
       "sous data.values (`values: {{{table}: {{status: {{completed: [1]}}}}}}`), ou associez status à une colonne "
       "de texte sous data.columns.{table}")
NO_GRANT = M(en=". The user kpiguard connects as may not read it: grant it SELECT on the table and USAGE on its "
                "schema (GRANT USAGE ON SCHEMA ...; GRANT SELECT ON ... TO ...), or map a view it may read",
             fr=". L'utilisateur avec lequel kpiguard se connecte n'a pas le droit de la lire : accordez-lui SELECT "
                "sur la table et USAGE sur son schéma (GRANT USAGE ON SCHEMA ... ; GRANT SELECT ON ... TO ...), ou "
                "déclarez une vue qu'il peut lire")
ENDLESS_DATES = M(
    en="table {table!r} (column {column!r}) has times 'infinity' or '-infinity' (PostgreSQL's times without end), "
       "which fall on no day: leave those rows out under data.filters (`{table}: \"{canonical} between cast("
       "'1900-01-01' as timestamp) and cast('3000-01-01' as timestamp)\"`)",
    fr="la table {table!r} (colonne {column!r}) a des heures 'infinity' ou '-infinity' (les heures sans fin de "
       "PostgreSQL), qui ne tombent sur aucun jour : laissez ces lignes de côté sous data.filters (`{table}: "
       "\"{canonical} between cast('1900-01-01' as timestamp) and cast('3000-01-01' as timestamp)\"`)")
CANNOT_READ_DATES = M(en="cannot read the dates of table {table!r} (column {column!r}): {reason}",
                      fr="impossible de lire les dates de la table {table!r} (colonne {column!r}) : {reason}")
BAD_TIME_VALUES = M(
    en="cannot read the times of table {table!r} (column {column!r}): {reason}. Store them as ISO dates or "
       "timestamps (2026-01-05, 2026-01-05 10:00:00, 2026-01-05T10:00:00+01:00)",
    fr="impossible de lire les dates de la table {table!r} (colonne {column!r}) : {reason}. Enregistrez-les au "
       "format ISO (2026-01-05, 2026-01-05 10:00:00, 2026-01-05T10:00:00+01:00)")
DATES_OUT_OF_YEARS = M(
    en="table {table!r} (column {column!r}) has dates from {first} to {last}, outside the years kpiguard reads "
       "({low} to {high}): a placeholder date such as 0001-01-01 or 9999-12-31? Fix or filter those rows",
    fr="la table {table!r} (colonne {column!r}) a des dates du {first} au {last}, hors des années que lit kpiguard "
       "({low} à {high}) : une date de remplissage comme 0001-01-01 ou 9999-12-31 ? Corrigez ou filtrez ces lignes")
AMBIGUOUS_DAYS = M(
    en="column {column!r} of table {table!r} writes dates with the day and the month before the year ({value!r}), "
       "and no day in it is above 12, so nothing tells whether {value!r} is {day_first} (day first) or "
       "{month_first} (month first): say which under data.date_order ({table}: day_first, or {table}: "
       "month_first), or export the dates year first (2026-01-05), as ISO text, dates or timestamps",
    fr="la colonne {column!r} de la table {table!r} écrit les dates avec le jour et le mois avant l'année "
       "({value!r}), et aucun jour n'y dépasse 12 : rien ne dit si {value!r} est le {day_first} (jour d'abord) ou "
       "le {month_first} (mois d'abord) ; dites-le sous data.date_order ({table}: day_first, ou {table}: "
       "month_first), ou exportez les dates année d'abord (2026-01-05), en texte ISO, en dates ou en timestamps")
DATE_ORDER_CONTRADICTED = M(
    en="data.date_order.{table} says {order}, but column {column!r} writes {value!r}, whose {place} number is above "
       "12 and cannot be a month: the dates are written {other}; write {table}: {other}, or remove the entry (the "
       "column tells)",
    fr="data.date_order.{table} dit {order}, mais la colonne {column!r} écrit {value!r}, dont le {place} nombre "
       "dépasse 12 et ne peut pas être un mois : les dates sont écrites {other} ; écrivez {table}: {other}, ou "
       "retirez l'entrée (la colonne le dit)")
FIRST = M(en="first", fr="premier")
SECOND = M(en="second", fr="deuxième")
DATE_ORDER_UNUSED = M(
    en="data.date_order.{table}: column {column!r} does not write dates with the day and the month before the year "
       "(it holds {what}), so there is no order to declare and the entry would change nothing: remove it",
    fr="data.date_order.{table} : la colonne {column!r} n'écrit pas les dates avec le jour et le mois avant "
       "l'année (elle contient {what}) : il n'y a pas d'ordre à déclarer et l'entrée ne changerait rien ; "
       "retirez-la")
HOLDS_TEXT_TIMES = M(en="text dates written otherwise", fr="des dates en texte écrites autrement")
SHORT_YEAR = M(
    en="column {column!r} of table {table!r} writes years with two digits ({value!r}), which could be read in "
       "several ways (the engine takes 05/01/26 for the year 5): export the dates with a four-digit year "
       "(05/01/2026, read day or month first as the column tells) or year first (2026-01-05)",
    fr="la colonne {column!r} de la table {table!r} écrit les années sur deux chiffres ({value!r}), ce qui se lit "
       "de plusieurs façons (le moteur prend 05/01/26 pour l'an 5) : exportez les dates avec l'année sur quatre "
       "chiffres (05/01/2026, lu jour ou mois d'abord selon ce que dit la colonne) ou année d'abord (2026-01-05)")
NOT_A_TIME = M(en="{value!r} is not a date the engine reads", fr="{value!r} n'est pas une date que le moteur lit")
A_MONTH = M(en="{value!r} names a month, not a day, and kpiguard places every row on a day (a day or week period "
               "would put it on the month's first day): export the full date of each row",
            fr="{value!r} désigne un mois, pas un jour, et kpiguard place chaque ligne à un jour (une période d'un "
               "jour ou d'une semaine la mettrait au premier du mois) : exportez la date complète de chaque ligne")
NOT_AN_EPOCH = M(
    en="column {column!r} of table {table!r}{mapped} writes times as numbers since 1970-01-01 ({epoch!r}), but "
       "also {value!r}, which is none: leave such rows out under data (`filters: {{{table}: \"{canonical} != "
       "'{value}'\"}}`), or export every time the same way",
    fr="la colonne {column!r} de la table {table!r}{mapped} écrit les dates en nombres depuis le 1970-01-01 "
       "({epoch!r}), mais aussi {value!r}, qui n'en est pas un : écartez ces lignes sous data (`filters: "
       "{{{table}: \"{canonical} != '{value}'\"}}`), ou exportez toutes les dates de la même façon")
NOT_ISO_TIME = M(en="{value!r} is not written as an ISO date or timestamp, which every engine reads the same way",
                fr="{value!r} n'est pas écrite comme une date ou un timestamp ISO, que tous les moteurs lisent de la "
                   "même façon")
BAD_TIME = M(en="column {column!r} of table {table!r}{mapped} is {type}, not a date or timestamp; map "
                "{column} under data.columns.{table} to a column of dates, timestamps, ISO text or epoch integers",
             fr="la colonne {column!r} de la table {table!r}{mapped} est de type {type}, pas une date ou un "
                "timestamp ; associez {column} sous data.columns.{table} à une colonne de dates, de timestamps, de "
                "texte ISO ou d'entiers epoch")
BAD_EPOCH = M(
    en="column {column!r} of table {table!r}{mapped} holds integers from {lo} to {hi}: kpiguard reads integer "
       "times as dates written as digits (20250115) or as seconds, milliseconds or microseconds since "
       "1970-01-01 UTC (dates from 1973 on), and these are none of them. Map {column} under "
       "data.columns.{table} to a column of dates, timestamps or epoch integers{hint}",
    fr="la colonne {column!r} de la table {table!r}{mapped} contient des entiers de {lo} à {hi} : kpiguard lit "
       "des temps entiers comme des dates écrites en chiffres (20250115) ou des secondes, millisecondes ou "
       "microsecondes depuis le 1970-01-01 UTC (dates à partir de 1973), et ce n'est rien de cela. Associez "
       "{column} sous data.columns.{table} à une colonne de dates, de timestamps ou d'entiers epoch{hint}")
SHEET_DAYS = M(
    en=". They look like a spreadsheet's day numbers ({lo} is {first} in Excel and Google Sheets): format the "
       "column as dates in the sheet before saving it as CSV",
    fr=". Ils ressemblent aux numéros de jour d'un tableur ({lo} est le {first} dans Excel et Google Sheets) : "
       "formatez la colonne en dates dans le tableur avant de l'enregistrer en CSV")
MIXED_OFFSETS = M(
    en="column {column!r} of table {table!r}{mapped} mixes times with a UTC offset ({with_offset!r}) and without "
       "one ({without!r}), which would be read as local time while the others are instants: write every time "
       "with its offset, or none",
    fr="la colonne {column!r} de la table {table!r}{mapped} mêle des heures avec décalage UTC ({with_offset!r}) "
       "et sans ({without!r}), qui seraient lues en heure locale quand les autres sont des instants : écrivez "
       "toutes les heures avec leur décalage, ou aucune")
EMPTY_FILE = M(en="table {table!r}: {path} is empty (no header, no rows): export it again, or remove it from "
                   "data.tables if the shop has no such data",
               fr="table {table!r} : {path} est vide (ni en-tête ni lignes) : exportez-le à nouveau, ou retirez-le "
                   "de data.tables si la boutique n'a pas ces données")
UNSUPPORTED_FILE = M(en="table {table!r}: {path} is not a .parquet, .csv, .tsv, .json or .duckdb file (a CSV or JSON "
                        "file may be compressed: .csv.gz, .csv.zst); save a spreadsheet (.xlsx, .ods) as CSV first",
                     fr="table {table!r} : {path} n'est pas un fichier .parquet, .csv, .tsv, .json ou .duckdb (un "
                        "fichier CSV ou JSON peut être compressé : .csv.gz, .csv.zst) ; enregistrez d'abord un "
                        "tableur (.xlsx, .ods) au format CSV")
MIXED_FOLDER = M(
    en="table {table!r}: the folder {path} holds files of several kinds ({kinds}), read in different ways: name "
       "the ones to read with a glob ({table}: {glob}), or give every part the same form",
    fr="table {table!r} : le dossier {path} contient des fichiers de plusieurs sortes ({kinds}), qui se lisent "
       "différemment : nommez ceux à lire avec un motif ({table}: {glob}), ou donnez la même forme à toutes les "
       "parties")
NO_DATA_FILES = M(en="table {table!r}: the folder {path} holds no .parquet, .csv, .tsv, .txt or .json file",
                  fr="table {table!r} : le dossier {path} ne contient aucun fichier .parquet, .csv, .tsv, .txt ou .json")

UNREAD_VALUES = M(
    en="column {column!r} of table {table!r}{mapped} says {values}, which kpiguard does not read: it knows {known}, "
       "and rows with other values are left out of every metric. Say what your values mean under data.values, "
       "e.g. `{suggestion}` (kpiguard's value: your value or list of values)",
    fr="la colonne {column!r} de la table {table!r}{mapped} contient {values}, que kpiguard ne lit pas : il connaît "
       "{known}, et les lignes aux autres valeurs sont exclues de toutes les métriques. Dites ce que vos valeurs "
       "signifient sous data.values, par exemple `{suggestion}` (valeur de kpiguard : votre valeur ou liste de "
       "valeurs)")
TEXT_AMOUNTS = M(
    en="metric {metric!r} adds up column {column!r} of table {table!r}{mapped}, which the engine reads as text, not "
       "numbers{sample}: write each amount as a number alone, or with its currency sign or code (1234.50, "
       "1 234,50 €, EUR 12.5), without words (TTC, refunded) in the cell",
    fr="la métrique {metric!r} additionne la colonne {column!r} de la table {table!r}{mapped}, que le moteur lit "
       "comme du texte et non comme des nombres{sample} : écrivez chaque montant comme un nombre seul, ou avec le "
       "symbole ou le code de sa devise (1234.50, 1 234,50 €, EUR 12.5), sans mots (TTC, remboursé) dans la "
       "cellule")
TEXT_AMOUNTS_IN_ENGINE = M(
    en="metric {metric!r} adds up column {column!r} of table {table!r}{mapped}, which is text in the engine, not "
       "numbers{sample}: map {canonical} to a numeric column under data.columns.{table}, or cast it in a view",
    fr="la métrique {metric!r} additionne la colonne {column!r} de la table {table!r}{mapped}, qui est du texte "
       "dans le moteur et non des nombres{sample} : associez {canonical} à une colonne numérique sous "
       "data.columns.{table}, ou convertissez-la dans une vue")
LATE_CSV_VALUE = M(
    en="line {line} of {file} has {value!r} in column {column!r}, which DuckDB's CSV reader typed {type} from the "
       "file's first rows (it reads a sample of them): write every value of the column in the same form as the "
       "first rows ({value!r} is not {type}), or save the file as Parquet, whose columns carry their types",
    fr="la ligne {line} de {file} a {value!r} dans la colonne {column!r}, que le lecteur CSV de DuckDB a typée "
       "{type} d'après les premières lignes du fichier (il en lit un échantillon) : écrivez toutes les valeurs de "
       "la colonne sous la même forme que les premières lignes ({value!r} n'est pas de type {type}), ou "
       "enregistrez le fichier en Parquet, dont les colonnes portent leur type")
NOT_CENTS = M(
    en="data.amounts.{table} says that column {column!r}{mapped} is in cents, but it holds {sample}, which is no "
       "whole number of cents: remove the line if the amounts are in the currency itself (19.99), or map the "
       "column that holds the cents (1999)",
    fr="data.amounts.{table} dit que la colonne {column!r}{mapped} est en centimes, mais elle contient {sample}, "
       "qui n'est pas un nombre entier de centimes : retirez la ligne si les montants sont dans la devise "
       "elle-même (19.99), ou associez la colonne qui contient les centimes (1999)")
REPEATED_COLUMN = M(
    en="metric {metric!r} needs column {canonical!r} of table {table!r}, read from {name!r}, but the header of "
       "{path} has {n} columns named {name!r}, which kpiguard names {names} in the header's order: map the one you "
       "mean under data.columns.{table} ({canonical}: {first} for the first, {second} for the second)",
    fr="la métrique {metric!r} a besoin de la colonne {canonical!r} de la table {table!r}, lue dans {name!r}, mais "
       "l'en-tête de {path} a {n} colonnes nommées {name!r}, que kpiguard nomme {names} dans l'ordre de l'en-tête : "
       "associez celle que vous voulez sous data.columns.{table} ({canonical}: {first} pour la première, {second} "
       "pour la deuxième)")
NOT_A_NUMBER = M(en=" ({value!r} is not a number)", fr=" ({value!r} n'est pas un nombre)")
REPEATED_HEADER = M(
    en="column {column!r} of table {table!r}{mapped} holds the value {value!r}, its own name: a header line is "
       "repeated inside the data, as when two exports are pasted together; delete the repeated header lines and run "
       "again",
    fr="la colonne {column!r} de la table {table!r}{mapped} contient la valeur {value!r}, son propre nom : une ligne "
       "d'en-tête est répétée dans les données, comme quand deux exports sont collés l'un à l'autre ; supprimez les "
       "lignes d'en-tête répétées et relancez")
MIXED_CURRENCIES = M(
    en="column {column!r} of table {table!r}{mapped} holds amounts in several currencies ({currencies}), which "
       "metric {metric!r} would add up as one: keep the rows of one currency under data.filters (on the export's "
       "currency column if it has one: `filters: {{{table}: Currency = '{currency}'}}`), or convert the amounts to "
       "{currency} first",
    fr="la colonne {column!r} de la table {table!r}{mapped} contient des montants en plusieurs devises "
       "({currencies}), que la métrique {metric!r} additionnerait comme une seule : gardez les lignes d'une devise "
       "sous data.filters (sur la colonne de devise de l'export s'il en a une : `filters: {{{table}: Currency = "
       "'{currency}'}}`), ou convertissez d'abord les montants en {currency}")
OTHER_CURRENCY = M(
    en="column {column!r} of table {table!r}{mapped} holds amounts in {found} ({value!r}), but the spec's currency "
       "is {currency}: write `currency: {found}` at the top of the spec, or map a column of amounts in {currency}",
    fr="la colonne {column!r} de la table {table!r}{mapped} contient des montants en {found} ({value!r}), mais la "
       "devise de la spec est {currency} : écrivez `currency: {found}` en tête de la spec, ou associez une colonne "
       "de montants en {currency}")
MIXED_SEPARATORS = M(
    en="column {column!r} of table {table!r}{mapped} writes numbers with a decimal point ({point!r}) and with a "
       "decimal comma ({comma!r}), so that nothing tells which of '.' and ',' marks the decimals: export the "
       "column with one number format",
    fr="la colonne {column!r} de la table {table!r}{mapped} écrit des nombres avec un point décimal ({point!r}) "
       "et avec une virgule décimale ({comma!r}), si bien que rien ne dit lequel de '.' et ',' marque les "
       "décimales : exportez la colonne dans un seul format de nombre")
AMBIGUOUS_SEPARATOR = M(
    en="column {column!r} of table {table!r}{mapped} writes {value!r}, which reads {thousands} with {sep!r} as a "
       "thousands separator or {decimal} with it as the decimal mark, and no value of the column tells which: "
       "export the amounts with their decimals (1,234.00 or 1 234,00)",
    fr="la colonne {column!r} de la table {table!r}{mapped} écrit {value!r}, qui se lit {thousands} avec {sep!r} "
       "comme séparateur de milliers ou {decimal} avec {sep!r} comme marque décimale, et aucune valeur de la "
       "colonne ne dit laquelle : exportez les montants avec leurs décimales (1,234.00 ou 1 234,00)")
CURRENCY_COLUMN = M(
    en="table {table!r} holds amounts in several currencies, as its column {column!r} says ({currencies}), which "
       "metric {metric!r} would add up as one: keep the rows of one currency under data (`filters: {{{table}: "
       "{filter}}}`), or convert the amounts to {currency} first",
    fr="la table {table!r} contient des montants en plusieurs devises, comme le dit sa colonne {column!r} "
       "({currencies}), que la métrique {metric!r} additionnerait comme une seule : gardez les lignes d'une devise "
       "sous data (`filters: {{{table}: {filter}}}`), ou convertissez d'abord les montants en {currency}")
CURRENCY_COLUMN_OTHER = M(
    en="table {table!r} holds amounts in {found}, as its column {column!r} says, but the spec's currency is "
       "{currency}: write `currency: {found}` at the top of the spec, or keep the rows in {currency} (`filters: "
       "{{{table}: {filter}}}` under data)",
    fr="la table {table!r} contient des montants en {found}, comme le dit sa colonne {column!r}, mais la devise de "
       "la spec est {currency} : écrivez `currency: {found}` en tête de la spec, ou gardez les lignes en "
       "{currency} (`filters: {{{table}: {filter}}}` sous data)")
CURRENCY_ROWS = M(en="{code}: {n} rows, e.g. {value!r}", fr="{code} : {n} lignes, par exemple {value!r}")
CURRENCY_ROW = M(en="{code}: 1 row, {value!r}", fr="{code} : 1 ligne, {value!r}")
CODE_ROWS = M(en="{code}: {n} rows", fr="{code} : {n} lignes")
CODE_ROW = M(en="{code}: 1 row", fr="{code} : 1 ligne")
# Columns the built-in computations add up.
NUMBER_COLUMNS = {"orders": ("revenue", "margin"), "order_lines": ("revenue", "quantity"), "inventory": ("on_hand",)}


def money_columns(spec: Spec, name: str) -> tuple[str, ...]:
    """The columns of table `name` that hold money: the canonical ones (`revenue`, `margin`) and those that
    data.amounts declares, in a table of the user's own too (`refunds: {amount: units}`). They are read as amounts:
    text in a currency (`12,50 €`) as numbers, floating-point numbers as decimals, the currency checked."""
    return tuple(dict.fromkeys([*MONEY_COLUMNS.get(name, ()), *spec.data.amounts.get(name, {})]))


def number_columns(spec: Spec, name: str) -> tuple[str, ...]:
    """The columns of table `name` read as numbers when they are text: its amounts and quantities."""
    return tuple(dict.fromkeys([*NUMBER_COLUMNS.get(name, ()), *money_columns(spec, name)]))


# A money amount's currency, as a sign or a code written before or after the number (`€53.00`, `53,00 €`,
# `EUR 12.5`, `US$ 5`), and the codes each sign may stand for (the spec's currency when it is one of them).
# The codes are ISO 4217's: any three capitals would read a French `TTC` (taxes included) or `HTT` as a currency.
_CURRENCY_MARK = r"(US\$|C\$|A\$|€|\$|£|¥|" + "|".join(sorted(ISO_CURRENCIES)) + ")"
_CURRENCY_SIGNS = {"€": ("EUR",), "£": ("GBP",), "¥": ("JPY", "CNY"), "US$": ("USD",), "C$": ("CAD",), "A$": ("AUD",),
                   "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")}
# A column that says in which currency a row's amounts are (Shopify's `Currency`, WooCommerce's `Order Currency`,
# Magento's `Order Currency Code`, a French `Devise`), its name lowered without spaces, `_` or `-`.
_CURRENCY_COLUMN = re.compile(r"^(order|base)?currency(code)?$|^(code)?devise$")
# Spaces inside a number (`1 234,50`, a French locale's no-break and narrow no-break spaces, Swiss `1'234.50`).
_NUMBER_SPACES = "[\\s\u00a0\u202f']"
# A number written with a decimal point (thousands with `,`: `1,234.50`) or a decimal comma (thousands with `.`:
# `1.234,50`), spaces removed.
# Text that is digits with a sign, points and commas only: no currency, no space to remove.
_PLAIN_NUMBER = r"^[+-]?[0-9.,]*$"
_POINT_NUMBER = r"^[+-]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)([.][0-9]*)?|[.][0-9]+)$"
_COMMA_NUMBER = r"^[+-]?(([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]*)?|,[0-9]+)$"
# Yes/no columns of the canonical schema, and the words a warehouse writes them with.
FLAG_COLUMNS = {"creatives": ("is_hit",)}
_TRUE_WORDS = ["t", "true", "y", "yes", "1"]
_FALSE_WORDS = ["f", "false", "n", "no", "0"]
NOT_FLAGS = M(
    en="column {column!r} of table {table!r}{mapped} should say yes or no for each row, but holds {values}: "
       "kpiguard reads booleans, the words true/false, t/f, yes/no, y/n, 1/0, and the integers 1/0. Map "
       "{canonical} under data.columns.{table} to such a column, or say which of your values mean yes and no under "
       "data.values (`values: {{{table}: {{{canonical}: {{true: [...], false: [...]}}}}}}`)",
    fr="la colonne {column!r} de la table {table!r}{mapped} devrait dire oui ou non pour chaque ligne, mais contient "
       "{values} : kpiguard lit les booléens, les mots true/false, t/f, yes/no, y/n, 1/0, et les entiers 1/0. "
       "Associez {canonical} sous data.columns.{table} à une telle colonne, ou dites lesquelles de vos valeurs "
       "veulent dire oui et non sous data.values (`values: {{{table}: {{{canonical}: {{true: [...], "
       "false: [...]}}}}}}`)")
ZONE_NOT_APPLIED = M(
    en="data.timezones.{table}: {column!r} holds {what}, which need no zone to be placed in time: they are read "
       "in the spec's timezone ({tz}) as they are, and the zone {zone} would change nothing. data.timezones is for "
       "times written without an offset: remove {table} from it",
    fr="data.timezones.{table} : {column!r} contient {what}, qui n'ont besoin d'aucun fuseau pour être placés dans "
       "le temps : ils sont lus tels quels dans le fuseau de la spec ({tz}), et le fuseau {zone} n'y changerait "
       "rien. data.timezones sert aux heures écrites sans décalage : retirez-en {table}")
ZONES_ENGINE = M(
    en="data.timezones.{table}: times written in another time zone are read on DuckDB, PostgreSQL and Spark only, "
       "not on {engine}; store them with their UTC offset, or as instants (timestamp with time zone)",
    fr="data.timezones.{table} : des heures écrites dans un autre fuseau ne se lisent que sur DuckDB, PostgreSQL "
       "et Spark, pas sur {engine} ; enregistrez-les avec leur décalage UTC, ou en instants (timestamp with time "
       "zone)")
# What a time column holds when a zone cannot apply to it (ZONE_NOT_APPLIED's `what`).
HOLDS_INSTANTS = M(en="instants (a timestamp with time zone)", fr="des instants (un timestamp avec fuseau)")
HOLDS_OFFSETS = M(en="times written with their UTC offset", fr="des heures écrites avec leur décalage UTC")
HOLDS_EPOCHS = M(en="times since 1970-01-01 UTC (epochs)", fr="des durées depuis le 1970-01-01 UTC (epochs)")
HOLDS_DATES = M(en="dates, local days", fr="des dates, des jours locaux")
LINE_ITEM_ROWS = M(
    en="orders has rows that repeat the {order_id} of another row with neither a status nor an amount ({n}; the "
       "first: {first!r}): the file has one row per line item (as Shopify's orders export, which writes an order's status and total "
       "on its first row only), and each such row would count as a completed order. Read only the orders' rows: "
       "`filters: {{orders: status is not null or revenue is not null}}` under data",
    fr="orders a des lignes qui répètent le {order_id} d'une autre ligne sans statut ni montant ({n} ; la "
       "première : {first!r}) : le fichier a une ligne par article (comme l'export de commandes Shopify, qui écrit le statut et le total d'une "
       "commande sur sa première ligne seulement), et chacune compterait comme une commande terminée. Ne lisez que "
       "les lignes des commandes : `filters: {{orders: status is not null or revenue is not null}}` sous data")
EVENT_ORDERS = M(
    en="orders has {n} rows (of {total}) with a {customer_id} but no {order_id}, no status and no amount: "
       "rows that are no orders (an export of events, as GA4's BigQuery export writes page views and session starts "
       "beside its purchases), each of which would make its {customer_id} an active customer. Read only the "
       "orders' rows: `filters: {{orders: order_id is not null}}` under data (or the event that is a purchase: "
       "`event_name = 'purchase'`)",
    fr="orders a {n} lignes (sur {total}) avec un {customer_id} mais ni {order_id}, ni statut, ni montant : des "
       "lignes qui ne sont pas des commandes (un export d'événements, comme l'export BigQuery de GA4 qui écrit les "
       "pages vues et les débuts de session à côté des achats), dont chacune ferait de son {customer_id} un client "
       "actif. Ne lisez que les lignes des commandes : `filters: {{orders: order_id is not null}}` sous data (ou "
       "l'événement qui est un achat : `event_name = 'purchase'`)")
EVENT_ROWS = M(
    en="sessions has {n} rows for {sessions} sessions: rows repeat a {session_id} (the first: {first!r}), as an "
       "export of events does (GA4's BigQuery export: a session_start, page_views, a purchase per session), and "
       "each row would count as a session. Read one row per session: `filters: {{sessions: event_name = "
       "'session_start'}}` under data, with your event column and the event that starts a session, or export one "
       "row per session",
    fr="sessions a {n} lignes pour {sessions} sessions : des lignes répètent un {session_id} (le premier : {first!r}), "
       "comme un export d'événements (l'export BigQuery de GA4 : un session_start, des page_view, un purchase par "
       "session), et chaque ligne compterait comme une session. Ne lisez qu'une ligne par session : `filters: "
       "{{sessions: event_name = 'session_start'}}` sous data, avec votre colonne d'événements et l'événement qui "
       "ouvre une session, ou exportez une ligne par session")
# The rows a table's first screening reads (repeated session ids): an export of events repeats them at once.
SCREEN_ROWS = 10_000
# A text column with more distinct values than this is free text, not a status or an event kind: not checked.
MAX_VALUES = 200
SHOWN_VALUES = 6

# The column that places a row of each canonical table in time.
TIME_COLUMNS = {
    "orders": "ordered_at",
    "email_events": "event_at",
    "sessions": "started_at",
    "creatives": "launched_at",
    "customers": "created_at",
    "inventory": "snapshot_date",
    "products": "launched_at",
}
# The columns of each canonical table that hold ids (compared as written, never added up).
ID_COLUMNS = {
    "orders": ("order_id", "customer_id"),
    "order_lines": ("order_id", "product_id"),
    "customers": ("customer_id",),
    "products": ("product_id",),
    "email_events": ("customer_id", "campaign_id"),
    "sessions": ("session_id", "visitor_id", "customer_id", "order_id"),
    "inventory": ("product_id",),
    "creatives": ("creative_id",),
}
# Canonical columns a table may lack, read as all missing: an orders table without `status` has only
# completed orders (docs/canonical-schema.md), so the catalog's `coalesce(status, 'completed')` keeps them all.
OPTIONAL_COLUMNS: dict[str, dict[str, str]] = {"orders": {"status": "string"}}
# (CANONICAL_COLUMNS: the columns of the canonical tables, kept with the spec's list of tables)
FILE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson")
# Compressions DuckDB reads a CSV or JSON file through, told by the file's last suffix (`orders.csv.gz`).
COMPRESSIONS = (".gz", ".zst")


@dataclass
class Source:
    """An open engine plus the spec's table mapping; tables come back with canonical column names."""

    spec: Spec
    con: Any
    engine: str  # the ibis backend name: duckdb, postgres, pyspark, ...
    files: bool = False  # data.tables are file paths (the embedded default) rather than table names
    _tables: dict[str, Any] = field(default_factory=dict)
    _by_case: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> {canonical: user column by case}
    _read_columns: dict[str, list[str]] = field(default_factory=dict)  # table -> its columns, under kpiguard's names
    _text_times_checked: set[tuple[str, str]] = field(default_factory=set)
    # text times under a zone -> whether some write a day without a time of day
    _timed_text: dict[tuple[str, str], bool] = field(default_factory=dict)
    _numbers_read: set[tuple[str, str]] = field(default_factory=set)  # amounts read as numbers, once
    _unique_checked: set[tuple[str, str]] = field(default_factory=set)  # (table, id) found one row per id
    _readings: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) -> how its times are read
    _deciding: set[tuple[str, str]] = field(default_factory=set)  # columns whose date order is being told
    _dated: dict[str, set[str]] = field(default_factory=dict)  # table -> the columns expressions read as times
    not_times: set[tuple[str, str]] = field(default_factory=set)  # text columns read as times that write no date
    _views: dict[str, tuple[str, Path]] = field(default_factory=dict)  # view name -> (file kind, path)
    _read_options: dict[str, dict[str, str]] = field(default_factory=dict)  # view name -> how its file is read
    _attached_dbs: dict[str, Path] = field(default_factory=dict)  # alias -> DuckDB file attached read-only
    _search_dirs: list[str] = field(default_factory=list)  # where DuckDB looks for the relative paths of views
    # view name -> (file, {a name its header writes more than once: kpiguard's names of those columns, in order})
    _repeated: dict[str, tuple[Path, dict[str, list[str]]]] = field(default_factory=dict)
    _copies: list[Any] = field(default_factory=list)  # temporary folders of the UTF-8 copies of Windows-1252 files
    _originals: dict[str, Path] = field(default_factory=dict)  # such a copy -> the file it copies

    @property
    def dialect(self) -> str:
        return self.engine

    @property
    def _holds_nan(self) -> bool:
        """Whether the engine's floats may hold NaN, which its compiler then tests (ISNAN); SQLite and SQL
        Server store none and their ibis compilers have no ISNAN."""
        import ibis.expr.operations as ops

        compiler = getattr(self.con, "compiler", None)
        return ops.IsNan not in getattr(compiler, "UNSUPPORTED_OPS", ())

    def table(self, name: str, *, metric: str, location: Location | None = None) -> Any:
        """The table mapped to `name`, its columns renamed to the canonical names (cached)."""
        if name in self._tables:
            return self._tables[name]
        data = self.spec.data
        if name not in data.tables:
            held = self.canonical_tables().get(name)
            hint = HELD_TABLE(table=name, held=held) if held else ""
            raise DataError(Diagnostic(NO_TABLE.localized(metric=metric, table=name) + hint,
                                       location or _tables_loc(self.spec), code="data"))
        table = self._open(name, data.tables[name])
        mapping = data.columns.get(name, {})
        self._by_case[name] = self._case_matches(name, table.columns)
        renames = {canonical: user for canonical, user in {**self._by_case[name], **mapping}.items()
                   if user in table.columns and canonical != user}
        for canonical, user in mapping.items():
            if user not in table.columns:
                self._refuse_repeated(name, canonical, user, metric)
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=canonical, table=name, mapped=MAPPED_AS(name=user),
                              columns=_listed(table.columns)) + _close_column(user, table.columns),
                    _spec_loc(self.spec, ("data", "columns", name, canonical)), code="data"))
        if renames:
            table = _renamed(table, renames)
        self._read_columns[name] = list(table.columns)  # not the missing ones kpiguard adds below (`status`)
        table = _as_text_when_unknown(table)
        table = self._empty_amounts_as_numbers(name, table)
        table = _money_as_decimals(money_columns(self.spec, name), table, nan=self._holds_nan)
        table = self._in_currency(name, table, metric)
        table = self._recoded(name, table, metric)
        for column, dtype in OPTIONAL_COLUMNS.get(name, {}).items():
            if column not in table.columns:
                import ibis

                table = table.mutate(**{column: ibis.null(dtype)})
            elif not (table[column].type().is_string() or table[column].type().is_null()):
                # the catalog compares it with 'completed': a code (1, 2) or a flag cannot be read as a status
                mapped = mapping.get(column)
                where = ("data", "columns", name, column) if mapped else ("data", "tables", name)
                raise DataError(Diagnostic(
                    NOT_TEXT(column=column, table=name, type=str(table[column].type()),
                             mapped=MAPPED_AS(name=mapped) if mapped else ""),
                    _spec_loc(self.spec, where), code="data"))
        screened = name in self.spec.data.filters
        if screened:  # blanks are missing values before the filter reads them (`status is not null`)
            table = self._blanks_as_missing(name, table)
        table = self._filtered(name, table)
        table = self._check_vocabulary(name, table, blanks=not screened)
        if name == "orders":
            self._check_line_item_rows(table)
        if name == "sessions":
            self._check_event_rows(table)
        self._tables[name] = table
        return table

    def _case_matches(self, name: str, columns: list[str]) -> dict[str, str]:
        """The canonical columns that the table writes in another case (`Status`, `ORDER_ID`) and the spec does
        not map: canonical name -> the table's. Two columns that differ by case only (`Status` and `STATUS`)
        are an error at the table's line, since either could be meant."""
        mapping = self.spec.data.columns.get(name, {})
        found: dict[str, str] = {}
        for canonical in CANONICAL_COLUMNS.get(name, ()):
            if canonical in mapping or canonical in columns:
                continue
            same = [c for c in columns if c.lower() == canonical and c not in mapping.values()]
            if len(same) > 1:
                raise DataError(Diagnostic(
                    SAME_BUT_CASE(table=name, canonical=canonical, columns=_listed(same), first=_yaml_text(same[0])),
                    _spec_loc(self.spec, ("data", "tables", name)), code="data"))
            if same:
                found[canonical] = same[0]
        return found

    def canonical_of(self, name: str, column: str) -> tuple[str | None, bool]:
        """kpiguard's name of a column the user's table names otherwise: the canonical column data.columns maps
        it to, or the one whose name it writes in another case (`Status`); and whether it was matched by case.
        (None, False) for any other name."""
        for canonical, user in self.spec.data.columns.get(name, {}).items():
            if user == column:
                return canonical, False
        for canonical, user in self._by_case.get(name, {}).items():
            if user == column:
                return canonical, True
        return None, False

    def _empty_amounts_as_numbers(self, name: str, table: Any) -> Any:
        """The amount and quantity columns that hold no value at all (an export's empty `Margin` column, or a
        file with a header and no rows), which a CSV reader types as text, read as numbers: their sums are then
        unknown (`null`) or the period `empty`, as with any missing value, rather than refused as text. One
        aggregate over those columns, and only when some amount column is text."""
        texts = [c for c in number_columns(self.spec, name) if c in table.columns and table[c].type().is_string()]
        if not texts:
            return table
        filled = {c: table.count(where=table[c].strip().length() > 0) for c in texts}
        try:
            row = self.execute(table.aggregate(**filled)).iloc[0]
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the columns to the amount check
            return table
        empty = [c for c in texts if not int(row[c])]
        return table.mutate(**{c: table[c].cast("float64") for c in empty}) if empty else table

    def _in_currency(self, name: str, table: Any, metric: str) -> Any:
        """The amounts that data.amounts says are written in cents (Stripe's `amount`, 1999 for 19.99) read in the
        currency, in the engine: `CAST(amount AS DECIMAL(38, 2)) * 0.01`, exact, so that every sum, average and
        filter over them is in the currency. Text amounts are read as numbers first; amounts with a fractional
        part (19.99 in a column said to be in cents) are an error naming the first, found by one query (none
        for an integer column)."""
        import ibis
        import ibis.expr.datatypes as dt

        cents = [c for c, unit in self.spec.data.amounts.get(name, {}).items() if unit == "cents"]
        for column in cents:
            where = _spec_loc(self.spec, ("data", "amounts", name, column))
            if column not in table.columns:
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=column, table=name, mapped=self._mapped(name, column),
                              columns=_listed(table.columns)) + _close_column(column, table.columns),
                    where, code="data"))
            if table[column].type().is_string():
                table = self._as_numbers(table, column, name, metric)
            values = table[column]
            canonical = f" ({column})" if self.user_column(name, column) != column else ""
            if not values.type().is_numeric() or values.type().is_boolean():
                raise DataError(Diagnostic(NOT_CENTS(column=self.user_column(name, column), table=name,
                                                     mapped=canonical, sample=str(values.type())),
                                           where, code="data"))
            if not values.type().is_integer():
                rows = self.execute(table.filter(values != values.floor()).select(values).limit(1))
                if len(rows):
                    raise DataError(Diagnostic(
                        NOT_CENTS(column=self.user_column(name, column), table=name, mapped=canonical,
                                  sample=repr(float(rows.iloc[0, 0]))),
                        where, code="data"))
            self._numbers_read.add((name, column))
            money = dt.Decimal(38, 2)  # ibis multiplies decimals of one type only; the engine's product is exact
            table = table.mutate(**{column: values.cast(money) * ibis.literal(Decimal("0.01"), type=money)})
        return table

    def _filtered(self, name: str, table: Any) -> Any:
        """The rows of data.filters.<table>: a filter over the table's canonical columns, parsed and checked
        like a metric's (never pasted into SQL), that every metric of the table then reads through."""
        text = self.spec.data.filters.get(name)
        if text is None:
            return table
        from kpiguard.metrics.expressions import build_filter, check_expression, refuse_has_line

        location = _spec_loc(self.spec, ("data", "filters", name), value=True)
        checked = check_expression(text, "filter", location, label=f"data.filters.{name}")
        refuse_has_line(checked, None)  # the lines of an order are a metric's to read
        from kpiguard.metrics.computation import refuse_user_names

        refuse_user_names(self, name, table, [checked])  # the filter reads kpiguard's names
        from kpiguard.metrics.computation import read_times

        return table.filter(build_filter(checked, table, name, read_times(self, table, name, {}, checked)))

    def _recoded(self, name: str, table: Any, metric: str) -> Any:
        """The table with the values of data.values.<table> written as kpiguard's: `paid` as `completed`,
        `Opened Email` as `open`. Other values stay as they are; a column of codes (1, 2) is read as text."""
        import ibis

        for column, mapping in self.spec.data.values.get(name, {}).items():
            if column not in table.columns:
                where = _spec_loc(self.spec, ("data", "values", name, column))
                canonical, by_case = self.canonical_of(name, column)
                if canonical is not None:  # the user's own name of a column: data.values reads kpiguard's
                    said = VALUES_BY_CASE if by_case else VALUES_CANONICAL
                    raise DataError(Diagnostic(said(column=column, canonical=canonical, table=name), where,
                                               code="data"))
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=column, table=name, mapped=self._mapped(name, column),
                              columns=_listed(table.columns)) + _close_column(column, table.columns),
                    where, code="data"))
            text = table[column] if table[column].type().is_string() else table[column].cast("string")
            branches = [(text.isin(written), ibis.literal(canonical)) for canonical, written in mapping.items()]
            table = table.mutate(**{column: ibis.cases(*branches, else_=text) if branches else text})
        return table

    def _vocabulary_values(self, name: str, table: Any) -> Any:
        """(column, its values with their counts) for each status or e-mail event column of the table, one GROUP
        BY each; a column that cannot be read so, or with more than MAX_VALUES values (free text), is left out."""
        from kpiguard.catalog.vocabulary import VOCABULARIES

        for (table_name, column) in VOCABULARIES:
            if table_name != name or column not in table.columns or not table[column].type().is_string():
                continue
            present = table.filter(table[column].notnull())
            counts = present.group_by(column).aggregate(_kg_n=present.count())
            try:
                rows = self.execute(counts.limit(MAX_VALUES + 1))
            except Exception:  # noqa: BLE001, S112 - a check that cannot run leaves the error to the metric
                continue
            if len(rows) and len(rows) <= MAX_VALUES:
                yield column, sorted(((int(n), str(v)) for v, n in zip(rows[column], rows["_kg_n"], strict=True)),
                                     reverse=True)

    def _blanks_as_missing(self, name: str, table: Any, values: dict[str, list[str]] | None = None) -> Any:
        """A status or an e-mail event that is blank (`''`, as a pandas-written Parquet file or a database
        loaded from a CSV stores an empty cell) is a missing one, as the same CSV read directly gives: an order
        without a status is completed. Read with `CASE WHEN status IN ('') THEN NULL ELSE status END`, only
        when the column has such values (`values`, from the vocabulary's GROUP BY, else one of its own)."""
        import ibis

        if values is None:
            values = {column: [v for _, v in found] for column, found in self._vocabulary_values(name, table)}
        for column, written in values.items():
            blank = [v for v in written if not v.strip()]
            if blank:
                table = table.mutate(**{column: ibis.ifelse(table[column].isin(blank), ibis.null("string"),
                                                            table[column])})
        return table

    def _check_vocabulary(self, name: str, table: Any, *, blanks: bool = True) -> Any:
        """A status or an e-mail event written otherwise than the catalog reads it leaves rows out of every
        metric without a word: orders that all say `paid` give a revenue of 0. Refused here, with the mapping to
        write: when no value of the column is one kpiguard knows, or when one reads like a value some metric
        counts (`Completed`, `opened`, `Clicked Email`) without being it. One GROUP BY over the column (a column
        with more than MAX_VALUES distinct values is free text: not checked). The table comes back with its
        blank values missing (`blanks`, see _blanks_as_missing)."""
        from kpiguard.catalog.vocabulary import COUNTED, SYNONYMS, VOCABULARIES

        seen = dict(self._vocabulary_values(name, table))
        if blanks:
            table = self._blanks_as_missing(name, table, {c: [v for _, v in found] for c, found in seen.items()})
        for column, found in seen.items():
            table_name, known = name, VOCABULARIES[(name, column)]
            found = [(n, v) for n, v in found if v.strip()]
            if not found:
                continue
            values = [v for _, v in found]
            counted = COUNTED[(table_name, column)]
            unknown = [v for v in values if v not in known] or values
            alike = {v: c for v in values for c in counted if v not in known and _reads_like(v, c)}
            # a value kpiguard does not read that stands for a kind the column lacks (Brevo's `Ouvert` where no
            # event is `open`): that kind's rate would be 0, however many opens the file has
            words = SYNONYMS.get((table_name, column), {})
            meant = {v: c for v in unknown for c in known if v not in known and _means(v, words.get(c, ()))}
            alike.update({v: c for v, c in meant.items() if c in counted and c not in values and v not in alike})
            shown = list(alike) if any(v in counted for v in values) else unknown
            meant = {v: c for c in known for v, m in {**meant, **alike}.items() if m == c}  # kpiguard's order
            if alike:
                suggestion = _values_yaml(table_name, column, meant)
            elif not any(v in counted for v in values):
                # what the values seem to mean, else the most frequent value that kpiguard does not know (Shopify's
                # `paid`) as the counted one
                suggestion = _values_yaml(table_name, column, meant or {unknown[0]: counted[0]})
            else:
                continue
            where = next(path for path in (("data", "values", name, column), ("data", "columns", name, column),
                                           ("data", "tables", name))
                         if path[1] == "tables" or column in getattr(self.spec.data, path[1]).get(name, {}))
            raise DataError(Diagnostic(
                UNREAD_VALUES(column=self.user_column(name, column), table=name,
                              mapped=f" ({column})" if self.user_column(name, column) != column else "",
                              values=", ".join(repr(v) for v in (shown or unknown)[:SHOWN_VALUES]),
                              known=", ".join(known), suggestion=suggestion),
                _spec_loc(self.spec, where), code="data"))
        return table

    def refuse_repeated_ids(self, table: Any, table_name: str, key: str, metric: str,
                            joined: str = "order_lines") -> None:
        """A table joined to each row of another by its id (the products of the lines, the customers of the orders)
        must have one row per id: a product written on two rows (a catalog export with a row per variant or per
        size) would count each of its lines twice. One GROUP BY over the ids, the first few repeated ones named
        (checked once per table)."""
        if (table_name, key) in self._unique_checked:
            return
        counts = table.group_by(key).aggregate(_kg_n=table.count())
        repeated = counts.filter(counts._kg_n > 1).order_by(key).limit(3)
        rows = self.execute(repeated).to_dict("records")
        if rows:
            ids = ", ".join(f"{r[key]!s} ({int(r['_kg_n'])} rows)" for r in rows)
            raise DataError(Diagnostic(REPEATED_IDS(table=table_name, key=key, ids=ids, metric=metric, joined=joined),
                                       table_location(self.spec, table_name), code="data"))
        self._unique_checked.add((table_name, key))

    def _check_line_item_rows(self, table: Any) -> None:
        """An orders file with one row per line item (Shopify's orders export writes an order's status and
        total on its first row only, its other rows carry the same order id and a line item) would count every
        row as a completed order: a missing status is 'completed'. Refused when rows with neither a status nor
        an amount repeat the id of a row that has one, with the data.filters entry that keeps the orders' rows.
        Costs one count when there is no such row (the usual case), and a join of those rows otherwise."""
        if not {"order_id", "status", "revenue"} <= set(table.columns):
            return
        bare = table.status.isnull() & table.revenue.isnull()
        counts = {"n": table.count(where=bare)}
        if "customer_id" in table.columns:
            # rows naming a customer with no order id, status or amount: events (GA4's page views beside its
            # purchases), each of which would make its visitor an active customer
            counts["events"] = table.count(where=bare & table.order_id.isnull() & table.customer_id.notnull())
            counts["total"] = table.count()
        try:
            row = self.execute(table.aggregate(**counts)).iloc[0]
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the numbers to the metrics
            return
        if not int(row["n"]):
            return
        if int(row.get("events", 0) or 0):
            self._refuse_event_orders(int(row["events"]), int(row["total"]))
        try:
            rows = table.filter(bare).select("order_id")
            full = table.filter(~bare).select(_kg_id=table.order_id).distinct()
            hits = rows.join(full, rows.order_id == full._kg_id)
            found = self.execute(hits.aggregate(n=hits.count(), first=hits.order_id.min())).iloc[0]
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the numbers to the metrics
            return
        if int(found["n"]):
            where = ("data", "filters", "orders") if "orders" in self.spec.data.filters else ("data", "tables", "orders")
            raise DataError(Diagnostic(
                LINE_ITEM_ROWS(n=int(found["n"]), first=found["first"], order_id=self.user_column("orders", "order_id")),
                _spec_loc(self.spec, where), code="data"))

    def _refuse_event_orders(self, n: int, total: int) -> None:
        """Rows of the orders with a customer but no order id, status or amount: the error, at data.filters or the
        table's line, with the filter that keeps the orders."""
        where = ("data", "filters", "orders") if "orders" in self.spec.data.filters else ("data", "tables", "orders")
        raise DataError(Diagnostic(
            EVENT_ORDERS(n=n, total=total, order_id=self.user_column("orders", "order_id"),
                         customer_id=self.user_column("orders", "customer_id")),
            _spec_loc(self.spec, where), code="data"))

    def _check_event_rows(self, table: Any) -> None:
        """A sessions file with one row per event (GA4's BigQuery export: a `session_start`, `page_view`s, a
        `purchase`, each with its `ga_session_id`) would count every event as a session: refused when rows
        repeat a session (its `session_id`, with its `visitor_id` when mapped: GA4's session ids are unique per
        user only), with the data.filters entry that keeps one row per session. Screened on the first
        SCREEN_ROWS rows (an events export repeats its sessions at once), then counted exactly over the table
        only when some repeat, so that a sessions table costs next to nothing."""
        if "session_id" not in table.columns:
            return
        keys = [c for c in ("visitor_id", "session_id") if c in table.columns]
        try:
            head = table.select(*keys).limit(SCREEN_ROWS)
            screen = self.execute(head.aggregate(n=head.count(), d=_pairs(head, keys).nunique())).iloc[0]
            if int(screen["n"]) == int(screen["d"]):
                return
            rows = table.filter(table.session_id.notnull()).select(*keys)
            n = int(self.execute(rows.aggregate(n=rows.count())).iloc[0]["n"])
            distinct = rows.distinct()
            sessions = int(self.execute(distinct.aggregate(n=distinct.count())).iloc[0]["n"])
            first = self.execute(rows.group_by(keys).aggregate(_kg_n=rows.count()).filter(
                lambda t: t._kg_n > 1).order_by(keys).limit(1)).iloc[0]["session_id"]
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the numbers to the metrics
            return
        if n > sessions:
            where = ("data", "filters", "sessions") if "sessions" in self.spec.data.filters else ("data", "tables",
                                                                                                   "sessions")
            raise DataError(Diagnostic(
                EVENT_ROWS(n=n, sessions=sessions,
                           first=str(int(first)) if isinstance(first, float) and first.is_integer() else str(first),
                           session_id=self.user_column("sessions", "session_id")),
                _spec_loc(self.spec, where), code="data"))

    def require(self, table_name: str, columns: list[str] | tuple[str, ...], *, metric: str,
                location: Location | None = None) -> Any:
        """The mapped table, after checking that it has `columns` (a DataError naming the first missing)."""
        table = self.table(table_name, metric=metric, location=location)
        for column in columns:
            if column in table.columns and column in money_columns(self.spec, table_name) \
                    and (table_name, "") not in self._numbers_read:
                self._numbers_read.add((table_name, ""))
                self._check_currency_column(table, table_name, metric)
            if column in table.columns and column in number_columns(self.spec, table_name) \
                    and (table_name, column) not in self._numbers_read:
                table = self._as_numbers(table, column, table_name, metric)
                self._tables[table_name] = table
                self._numbers_read.add((table_name, column))
            if column in table.columns and column in FLAG_COLUMNS.get(table_name, ()):
                table = self._as_flags(table, column, table_name)
                self._tables[table_name] = table
            if column not in table.columns:
                mapped = self.spec.data.columns.get(table_name, {}).get(column)
                self._refuse_repeated(table_name, column, mapped or column, metric)
                if table_name == "email_events" and column == "event" and not mapped:
                    self._refuse_campaign_totals(table, metric, location)
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=column, table=table_name,
                              mapped=MAPPED_AS(name=mapped) if mapped else "",
                              columns=_listed(self._read_columns.get(table_name, list(table.columns)))),
                    location or _spec_loc(self.spec, ("data", "tables", table_name)), code="data"))
        return table

    def _refuse_campaign_totals(self, table: Any, metric: str, location: Location | None) -> None:
        """E-mail events without an `event` column whose number columns are named as e-mail events (`Délivrés`,
        `Ouvertures uniques`, `Unique Opens`, `Clicks`): a campaign report (Brevo's, Mailchimp's, Klaviyo's), one
        row per campaign with its totals, which kpiguard's e-mail metrics cannot read as events. The error gives
        the metrics of your own that add the columns up (the built-in rates then read them), rather than a column
        to map that the file does not have."""
        found = _campaign_total_columns({c: table[c].type().is_numeric() for c in self._read_columns.get(
            "email_events", list(table.columns)) if c in table.columns})
        if not found:
            return
        lines = "; ".join(f"`{name}: {{type: simple, table: email_events, measure: sum({_sql_name(column)}), "
                          f"kind: count}}`" for name, column in found.items())
        raise DataError(Diagnostic(
            CAMPAIGN_TOTALS(metric=metric, columns=", ".join(repr(c) for c in found.values()), metrics=lines),
            location or _spec_loc(self.spec, ("data", "tables", "email_events")), code="data"))

    def _check_currency_column(self, table: Any, table_name: str, metric: str) -> None:
        """An export with a currency column (a shop selling in several currencies writes each order's amounts in
        its own) whose rows, after data.filters, are not all in the spec's currency: refused, rather than their
        amounts added up as one currency, with the filter that keeps the spec's. One GROUP BY over that column,
        only when the table has one (LIMIT MAX_VALUES)."""
        column = next((c for c in table.columns if _CURRENCY_COLUMN.match(re.sub(r"[\s_-]", "", c.lower()))), None)
        if column is None or not table[column].type().is_string():
            return
        code = table[column].strip().upper()
        try:
            rows = self.execute(table.filter(code.notnull() & (code != "")).group_by(_kg_code=code)
                                .aggregate(n=table[column].count()).limit(MAX_VALUES))
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the numbers to the metrics
            return
        counts = dict(zip(rows["_kg_code"], rows["n"], strict=True))
        currency = self.spec.currency
        if not counts or set(counts) == {currency}:
            return
        name = column if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column) else f'"{column}"'
        spelled = next((v for v in self.execute(table.filter(code == currency).select(table[column]).limit(1))
                        .iloc[:, 0]), currency) if currency in counts else currency
        kept = f"{name} = {_sql_value(str(spelled).strip())}"
        if kept.startswith('"'):  # as YAML reads it in the flow mapping of the suggestion
            kept = '"' + kept.replace("\\", "\\\\").replace('"', '\\"') + '"'
        values = {"table": table_name, "column": column, "metric": metric, "currency": currency, "filter": kept}
        if len(counts) > 1:
            listed = ", ".join((CODE_ROWS if int(n) > 1 else CODE_ROW)(code=c, n=int(n))
                               for c, n in sorted(counts.items()))
            message = CURRENCY_COLUMN(currencies=listed, **values)
        else:
            message = CURRENCY_COLUMN_OTHER(found=next(iter(counts)), **values)
        where = ("data", "filters", table_name) if table_name in self.spec.data.filters else ("data", "tables", table_name)
        raise DataError(Diagnostic(message, _spec_loc(self.spec, where), code="data"))

    def _as_numbers(self, table: Any, column: str, table_name: str, metric: str) -> Any:
        """Amounts and quantities that the engine holds as text are read as numbers when every value is one, cast
        in the engine (`CAST(NULLIF(amount, '') AS DECIMAL(38, 10))`, a blank being missing): a warehouse's
        varchar column loaded from a CSV, a shop's export (`€1,234.50`, `53,00 €`, `EUR 12.5`, `1 234,50`). The
        whole column tells how its numbers are written: a decimal point (thousands written `,` or with a space)
        or a decimal comma (thousands `.` or a space), and in which currency (a sign or a code before or after
        the number, money columns only). A value that is no number, a column that writes numbers both ways or
        where nothing tells `1,234` (1234) from 1.234, several currencies, or one other than the spec's, are data
        errors that name the values, rather than sums of numbers misread or of different currencies. Decided from
        one GROUP BY over the currencies written (regular expressions the engine runs, on every engine)."""
        values = table[column]
        if not values.type().is_string():
            return self._nan_as_missing(table, column)
        money = column in money_columns(self.spec, table_name)
        # the regular expressions run on the distinct values (an amount column repeats its values), each value's
        # shape grouped before the currencies are: PostgreSQL ran them on every row, again for each aggregate
        # naming them (52 s over 1.5M amounts)
        distinct = table.filter(values.notnull()).group_by(_kg_v=values).aggregate(_kg_n=values.count())
        text, mark, digits = _amount_parts(distinct._kg_v, money, self.engine)
        shapes = distinct.filter(text != "").group_by(
            _kg_mark=mark, _kg_point=digits.re_search(_POINT_NUMBER), _kg_comma=digits.re_search(_COMMA_NUMBER),
            _kg_sep=digits.re_search("[.,]")).aggregate(_kg_n=distinct._kg_n.sum(), _kg_min=distinct._kg_v.min())
        point, comma, first = shapes._kg_point, shapes._kg_comma, shapes._kg_min
        found = shapes.group_by("_kg_mark").aggregate(
            n=shapes._kg_n.sum(), sample=first.min(), bad=first.min(where=~point & ~comma),
            point=first.min(where=point & ~comma), comma=first.min(where=comma & ~point),
            either=first.min(where=point & comma & shapes._kg_sep))
        try:
            rows = self.execute(found.limit(MAX_VALUES)).to_dict("records")
        except Exception:  # noqa: BLE001 - an engine without regular expressions: no value named, none cast
            rows = None
        refusal = _amount_refusal(rows, self.spec.currency) if rows is not None else (NOT_A_NUMBER, {"value": None})
        if refusal is None:
            style = "comma" if any(not _missing(r["comma"]) for r in rows) else "point"
            digits = _amount_parts(values, money, self.engine)[2]
            return table.mutate(**{column: _amount_number(digits, style).nullif("").cast("decimal(38, 10)")})
        reason, found_values = refusal
        mapped = f" ({column})" if self.user_column(table_name, column) != column else ""
        if reason is not NOT_A_NUMBER:
            raise DataError(Diagnostic(
                reason(column=self.user_column(table_name, column), table=table_name, mapped=mapped, metric=metric,
                       currency=self.spec.currency, **found_values),
                self._column_loc(table_name, column), code="data"))
        written = self.user_column(table_name, column)
        if isinstance(found_values["value"], str) and found_values["value"].strip().casefold() in (
                written.casefold(), column.casefold()):
            raise DataError(Diagnostic(
                REPEATED_HEADER(column=written, table=table_name, mapped=mapped, value=found_values["value"]),
                self._column_loc(table_name, column), code="data"))
        message = TEXT_AMOUNTS if reads_files(self.spec, table_name) else TEXT_AMOUNTS_IN_ENGINE
        raise DataError(Diagnostic(
            message(column=self.user_column(table_name, column), table=table_name, metric=metric, canonical=column,
                    mapped=mapped, sample=NOT_A_NUMBER(**found_values) if found_values["value"] is not None else ""),
            self._column_loc(table_name, column), code="data"))

    def _nan_as_missing(self, table: Any, column: str) -> Any:
        """Amounts that say NaN (a float written from pandas, where NaN is its missing value; a PostgreSQL
        numeric 'NaN') are missing, as pandas reads them: the engine's sum over them is NaN, and a period's
        revenue came out as 0. When the column has any (one count), it is read with `CASE WHEN ISNAN(amount)
        THEN NULL ELSE amount END`, so that the sum is that of the other amounts (see PARQUET_NAN for DuckDB)."""
        import ibis

        values = table[column]
        dtype = values.type()
        if not (dtype.is_floating() or (dtype.is_decimal() and self.engine == "postgres")):
            return table  # DuckDB's and Spark's decimals hold no NaN
        nan = (values.cast("float64") if dtype.is_decimal() else values).isnan()
        try:
            found = int(self.execute(table.aggregate(n=table.count(where=nan))).iloc[0]["n"])
        except Exception:  # noqa: BLE001 - an engine that cannot tell NaN: the sums are the engine's own
            return table
        return table.mutate(**{column: ibis.ifelse(nan, ibis.null(dtype), values)}) if found else table

    def _as_flags(self, table: Any, column: str, table_name: str) -> Any:
        """A yes/no column (`is_hit`) as the engine holds it in a warehouse: a boolean, text flags (`t`/`f`,
        `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`, in any case) or integer codes 0/1, read as a boolean in the
        engine (a blank is missing). Other values are a data error that names them, rather than a failure of a
        filter the user never wrote; one query finds them (LIMIT SHOWN_VALUES)."""
        import ibis

        values = table[column]
        dtype = values.type()
        if dtype.is_boolean():
            return table
        if dtype.is_string():
            word = values.strip().lower()
            known = _TRUE_WORDS + _FALSE_WORDS
            others = table.filter(values.notnull() & (word != "") & ~word.isin(known))
            read = ibis.cases((word.isin(_TRUE_WORDS), True), (word.isin(_FALSE_WORDS), False), else_=ibis.null("boolean"))
        elif dtype.is_numeric():
            others = table.filter(values.notnull() & ~values.isin([0, 1]))
            read = values == 1
        else:
            others = None
            read = None
        shown: list[str] = [str(dtype)]
        if others is not None:
            try:
                found = self.execute(others.select(values).distinct().limit(SHOWN_VALUES))
            except Exception:  # noqa: BLE001 - a check that cannot run leaves the column to the metric's own error
                return table
            if not len(found):
                return table.mutate(**{column: read})
            shown = [repr(v) for v in found.iloc[:, 0].tolist()]
        raise DataError(Diagnostic(
            NOT_FLAGS(column=self.user_column(table_name, column), table=table_name, canonical=column,
                      mapped=self._mapped(table_name, column), values=", ".join(shown)),
            self._column_loc(table_name, column), code="data"))

    def local_time(self, table: Any, column: str, *, table_name: str) -> Any:
        """The column as the engine compares it with the bounds of local periods: instants stay instants; naive
        timestamps are local wall-clock time (or, under data.timezones, the instants they are in the table's
        zone); dates are local days; text and integer times are read as decided once per column (ISO text, text
        with a UTC offset, dates written day or month first, dates as 8 digits, epoch seconds, milliseconds or
        microseconds)."""
        dtype = table[column].type()
        if not dtype.is_string():
            what = HOLDS_EPOCHS if dtype.is_integer() else HOLDS_DATES if dtype.is_date() else HOLDS_INSTANTS
            self._check_date_order(table_name, column, None, what)
        if dtype.is_timestamp():
            if dtype.timezone is None and not self._spark_instants(table, column, table_name):
                return self._written_in(table[column], table_name)
            # an instant stays an instant: `within` compares it with instant bounds (Spark's TIMESTAMP is one,
            # compared in the session's time zone, which is the spec's)
            return self._without_zone(table[column], table_name, column, HOLDS_INSTANTS)
        if dtype.is_date():
            return self._without_zone(table[column], table_name, column, HOLDS_DATES)
        if dtype.is_string():
            reading = self._readings.get((table_name, column))
            if reading is None:
                reading = self._text_reading(table, column, table_name)
                self._readings[(table_name, column)] = reading
            reading, spelled = reading.removesuffix(SPELLED), reading.endswith(SPELLED)
            self._check_date_order(table_name, column, reading, HOLDS_TEXT_TIMES)
            text = _as_numbers_of_time(table[column], self.engine) if spelled else table[column]
            if reading == "ymd":
                return self._without_zone(text.strip().as_date("%Y%m%d"), table_name, column, HOLDS_DATES)
            if reading.startswith(EPOCH_TEXT):
                epochs = _since_epoch(text.strip().nullif("").cast("int64"), reading.removeprefix(EPOCH_TEXT))
                return self._without_zone(epochs, table_name, column, HOLDS_EPOCHS)
            if reading == "offset":
                return self._without_zone(_offset_text_instant(text, self.engine), table_name, column, HOLDS_OFFSETS)
            days = self._days_among_times(table, text, table_name, column)
            if reading in ("dmy", "mdy"):
                return self._written_in(_slashed_as_iso(text, reading, self.engine).cast("timestamp"), table_name,
                                        days=days)
            return self._written_in(text.cast("timestamp"), table_name, days=days)
        if dtype.is_integer():
            unit = self._readings.get((table_name, column))
            if unit is None:
                unit = self._integer_reading(table, column, table_name)
                self._readings[(table_name, column)] = unit
            if unit == "ymd":
                return self._without_zone(table[column].cast("string").as_date("%Y%m%d"), table_name, column,
                                          HOLDS_DATES)
            return self._without_zone(_since_epoch(table[column], unit), table_name, column, HOLDS_EPOCHS)
        raise DataError(Diagnostic(BAD_TIME(column=column, table=table_name, type=str(dtype),
                                            mapped=self._mapped(table_name, column)),
                                   self._column_loc(table_name, column), code="data"))

    def _zone(self, table_name: str) -> str | None:
        """The zone data.timezones says the table writes its times in, when it is not the spec's own."""
        zone = self.spec.data.timezones.get(table_name)
        return None if zone is None or zone == self.spec.timezone else zone

    def _without_zone(self, times: Any, table_name: str, column: str, what: Message) -> Any:
        """Times that a zone cannot move (instants, epochs, text with an offset, dates), as they are; a zone
        data.timezones gives their table would be silently ignored, so it is refused at its line instead."""
        zone = self._zone(table_name)
        if zone is not None:
            raise DataError(Diagnostic(
                ZONE_NOT_APPLIED(table=table_name, column=self.user_column(table_name, column),
                                 what=what(), zone=zone, tz=self.spec.timezone),
                _spec_loc(self.spec, ("data", "timezones", table_name)), code="data"))
        return times

    def _days_among_times(self, table: Any, text: Any, table_name: str, column: str) -> Any:
        """Under data.timezones, the text times that write a day without a time (`2026-01-05`, `05/01/2026`),
        which a zone would move to the day before west of it (midnight UTC is 19:00 in New York): a column of days
        only is refused, as a column of dates is (a day is in no zone); in a column that mixes them with times of
        day (orders keyed in by hand among a system's timestamps), they are read as the local days they are, and
        only the times are read in the zone. None when no zone applies or every value has a time (the column
        needs no per-row choice). Asked once per column, by one aggregate over it."""
        if self._zone(table_name) is None:
            return None
        key = (table_name, column)
        if key not in self._timed_text:
            timed = text.re_search(_TIMED)
            row = self.execute(table.aggregate(known=text.count(), timed=text.count(where=timed))).iloc[0]
            known, with_time = int(row["known"]), int(row["timed"])
            if known and not with_time:
                self._without_zone(text, table_name, column, HOLDS_DATES)  # refused: a day is in no zone
            self._timed_text[key] = known > with_time
        return ~text.re_search(_TIMED) if self._timed_text[key] else None

    def _spark_instants(self, table: Any, column: str, table_name: str) -> bool:
        """Whether a timestamp that ibis reads as naive is Spark's TIMESTAMP, an instant (rather than a
        TIMESTAMP_NTZ, wall-clock time). Asked only when data.timezones gives the table a zone: the schema of
        the column's query, which Spark resolves without running it. Not for a CSV or JSON file, whose text
        times Spark's reader types as TIMESTAMP read in the session's zone: wall-clock times, as written."""
        if self.engine != "pyspark" or self._zone(table_name) is None:
            return False
        if self._views.get(f"kpiguard_{table_name}", ("",))[0] in ("csv", "json"):
            return False
        from pyspark.sql.types import TimestampType

        session = self.con._session
        return isinstance(session.sql(self.con.compile(table.select(column).limit(0))).schema[0].dataType,
                          TimestampType)

    def _written_in(self, naive: Any, table_name: str, *, days: Any = None) -> Any:
        """Wall-clock times as the spec reads them: local time, unless data.timezones says the table writes them
        in another zone (a Stripe or Klaviyo export in UTC), where they become the instants they are there (on
        Spark, which has no such function, the spec's wall-clock times of those instants). `days` (a condition)
        marks the values that are local days, which stay in the spec's timezone."""
        zone = self._zone(table_name)
        if zone is None:
            return naive
        if days is not None:
            import ibis

            zone = ibis.ifelse(days, self.spec.timezone, zone)
        if self.engine == "pyspark":
            return _converted(zone, self.spec.timezone, naive)
        if self.engine not in ("duckdb", "postgres"):
            raise DataError(Diagnostic(ZONES_ENGINE(table=table_name, engine=self.engine),
                                       _spec_loc(self.spec, ("data", "timezones", table_name)), code="data"))
        return _in_zone(zone, naive)

    def _mapped(self, table_name: str, column: str) -> str:
        """` (mapped to 'x')` when the spec maps the canonical column to a user column, else ''."""
        mapped = self.spec.data.columns.get(table_name, {}).get(column) or self._by_case.get(table_name, {}).get(column)
        return MAPPED_AS(name=mapped) if mapped else ""

    def _column_loc(self, table_name: str, column: str) -> Location | None:
        """The spec line to change for a column: its data.columns mapping, else the table's line."""
        mapped = column in self.spec.data.columns.get(table_name, {})
        return _spec_loc(self.spec, ("data", "columns", table_name, column) if mapped else ("data", "tables", table_name))

    def _text_reading(self, table: Any, column: str, table_name: str) -> str:
        """How text times are read, from one aggregate over the column: `ymd` when every value is 8 digits
        (GA4's `event_date`, 20250115: a local date), `dmy` or `mdy` when every value is a date written day or
        month first (a French spreadsheet's `25/03/2025 14:02`, an American one's `03/25/2025`), which the values
        themselves tell apart (a first number above 12 is a day; a file where no number is above 12 is refused as
        ambiguous), `offset` when every value carries a UTC offset (`2025-01-31T23:30:00Z`, Shopify's
        `2025-02-01 00:30:00 +0100`: instants then, whatever the spec's timezone; the engine's cast to a naive
        timestamp would drop the offset and read 23:30 UTC as 23:30 local time), else `naive` (local wall-clock
        time, after checking that the engine reads every value). A column mixing times with and without an offset
        is an error. Times written on a 12-hour clock (`03/15/2025 02:30 PM`, as an American spreadsheet or shop
        back office writes them) or with the month's name (Magento's `Jan 31, 2025 11:30:00 PM`, `31 Jan
        2025`, a French `1er mars 2025 14:05`) are rewritten first (`03/15/2025 14:30`, `2025-01-31 23:30:00`): the reading then ends with
        SPELLED."""
        raw = table[column].strip()
        try:
            row = self.execute(_time_counts(table, raw)).iloc[0]
        except Exception:  # noqa: BLE001 - an engine without regular expressions reads the text as it did
            self._check_text_times(table, column, table_name)
            return "naive"
        if int(row["n"]) and int(row["n_ymd"]) == int(row["n"]):
            return "ymd"
        if int(row["n_epoch"]):
            return self._epoch_text_reading(table, column, table_name, row)
        if int(row["n_spelled"]):
            # counted again on the text in numbers: a second query, for such columns only
            clock = _as_numbers_of_time(raw, self.engine)
            row = self.execute(_time_counts(table, clock.strip())).iloc[0]
            return self._clock_reading(table, column, table_name, row, clock) + SPELLED
        return self._clock_reading(table, column, table_name, row, None)

    def _epoch_text_reading(self, table: Any, column: str, table_name: str, row: Any) -> str:
        """Epoch seconds, milliseconds or microseconds written as text (`"1736899200"`: a JSON export's quoted
        numbers, a pandas object column, a CSV column the reader took for text), read as the integers they are
        (EPOCH_TEXT and the unit, told by their magnitude as for integer columns). A column mixing them with other
        text is an error naming a value that is not one."""
        if int(row["n_epoch"]) < int(row["n"]):
            user = self.user_column(table_name, column)
            raise DataError(Diagnostic(
                NOT_AN_EPOCH(column=user, table=table_name, mapped=f" ({column})" if user != column else "",
                             canonical=column, value=row["not_epoch"], epoch=row["epoch_sample"]),
                self._column_loc(table_name, column), code="data"))
        digits = table[column].strip().nullif("").cast("int64")
        found = self.execute(table.aggregate(lo=digits.min(), hi=digits.max())).iloc[0]
        lo, hi = int(found["lo"]), int(found["hi"])
        unit = _epoch_unit(lo, hi)
        if unit is None:
            raise DataError(Diagnostic(
                BAD_EPOCH(column=column, table=table_name, mapped=self._mapped(table_name, column), lo=lo, hi=hi,
                          hint=_sheet_days_hint(lo, hi)),
                self._column_loc(table_name, column), code="data"))
        return EPOCH_TEXT + unit

    def _clock_reading(self, table: Any, column: str, table_name: str, row: Any, clock: Any) -> str:
        """The reading of text times from the counts of `_text_reading`; `clock` is the text on the 24-hour clock
        when some times are written on a 12-hour one (None otherwise: the column as it is)."""
        read = clock if clock is not None else table[column]
        if not _missing(row["short"]):  # 05/01/26: the engine reads the year 0005 (or 2005, or 2026)
            raise DataError(Diagnostic(SHORT_YEAR(column=self.user_column(table_name, column), table=table_name,
                                                  value=row["short"]),
                                       self._column_loc(table_name, column), code="data"))
        if int(row["n"]) and int(row["n_slashed"]) == int(row["n"]):
            reading = self._slashed_reading(table, column, table_name, read)
            if reading is not None:
                self._check_text_times(table, column, table_name, _slashed_as_iso(read, reading, self.engine))
                return reading
        self._check_text_times(table, column, table_name, clock)
        if not int(row["n_with"]):
            return "naive"
        if int(row["n_without"]):
            raise DataError(Diagnostic(
                MIXED_OFFSETS(column=column, table=table_name,
                              mapped=self._mapped(table_name, column), with_offset=row["with_offset"],
                              without=row["without"]),
                self._column_loc(table_name, column), code="data"))
        return "offset"

    def _slashed_reading(self, table: Any, column: str, table_name: str, read: Any) -> str | None:
        """`dmy` or `mdy` for dates written with the day and the month before the year, from the largest first and
        second numbers of the column (one aggregate); None when both exceed 12 (no such date: the engine's check
        names a value). When neither does, nothing tells 05/01/2026 (5 January) from 05/01/2026 (May 1st): the
        order data.date_order declares for the table, else an error that says to declare it. A declared order that
        a value contradicts (13/01/2026 under month_first) is an error too. `read` is the column's text, on the
        24-hour clock."""
        text = read.strip()
        # the largest first and second numbers, as two digits (text compares them as numbers then)
        present = text.notnull() & (text != "")
        one, two = (text.re_extract(_SLASHED_PATTERN, i).lpad(2, "0") for i in (1, 2))
        row = self.execute(table.aggregate(
            sample=text.min(where=present), first=one.max(where=present), second=two.max(where=present),
            # a value that reads differently day first and month first, to show the two readings with
            differing=text.min(where=present & (one != two)))).iloc[0]
        first, second = int(row["first"]), int(row["second"])
        sample = str(row["sample"] if _missing(row["differing"]) else row["differing"])
        declared = self.spec.data.date_order.get(table_name)
        if declared is not None and max(first, second) <= 12:
            return "dmy" if declared == "day_first" else "mdy"
        if (declared == "day_first" and second > 12) or (declared == "month_first" and first > 12):
            self._refuse_date_order(table, column, table_name, text, declared, present)
        if first > 12 >= second:
            return "dmy"
        if second > 12 >= first:
            return "mdy"
        if first > 12:
            return None
        told = self._order_of_other_dates(table, column, table_name)
        if told is not None:
            return told
        match = re.match(_SLASHED_PATTERN, sample.strip())  # the engine matched it already
        a, b, year = (int(g) for g in match.groups()[:3]) if match else (1, 1, 2000)
        raise DataError(Diagnostic(
            AMBIGUOUS_DAYS(column=self.user_column(table_name, column), table=table_name, value=sample,
                           day_first=f"{year:04d}-{b:02d}-{a:02d}", month_first=f"{year:04d}-{a:02d}-{b:02d}"),
            self._column_loc(table_name, column), code="data"))

    def _order_of_other_dates(self, table: Any, column: str, table_name: str) -> str | None:
        """`dmy` or `mdy` when another column of the same table that kpiguard reads as a time tells the order
        (an export writes its dates one way: its order dates, with a 20/01/2026, tell that the shipping dates'
        07/01/2026 is 7 January); None when none does, or they disagree."""
        told: set[str] = set()
        self._deciding.add((table_name, column))
        try:
            for other in sorted(self._time_columns(table_name, users=False) - {column}):
                key = (table_name, other)
                if key in self._deciding or other not in table.columns or not table[other].type().is_string():
                    continue
                reading = self._readings.get(key)
                if reading is None:
                    try:
                        reading = self._text_reading(table, other, table_name)
                    except KpiguardError:  # that column's own reading says what is wrong with it
                        continue
                    self._readings[key] = reading
                if reading.removesuffix(SPELLED) in ("dmy", "mdy"):
                    told.add(reading.removesuffix(SPELLED))
        finally:
            self._deciding.discard((table_name, column))
        return told.pop() if len(told) == 1 else None

    def _refuse_date_order(self, table: Any, column: str, table_name: str, text: Any, declared: str,
                           present: Any) -> None:
        """data.date_order says one order and a value of the column can only be read in the other (its day, above
        12, where the month is said to be): an error at the entry naming that value."""
        place = 2 if declared == "day_first" else 1  # where the month is said to be
        number = text.re_extract(_SLASHED_PATTERN, place).lpad(2, "0")
        value = self.execute(table.aggregate(v=text.argmax(number, where=present))).iloc[0]["v"]
        other = "month_first" if declared == "day_first" else "day_first"
        raise DataError(Diagnostic(
            DATE_ORDER_CONTRADICTED(table=table_name, order=declared, column=self.user_column(table_name, column),
                                    value=str(value), place=(SECOND if place == 2 else FIRST)(), other=other),
            _spec_loc(self.spec, ("data", "date_order", table_name)), code="data"))

    def _check_date_order(self, table_name: str, column: str, reading: str | None, what: Message) -> None:
        """A data.date_order entry whose table's time column writes no dates day and month before the year (ISO
        text, timestamps, epochs) would be silently ignored: refused at its line."""
        if table_name not in self.spec.data.date_order or column != TIME_COLUMNS.get(table_name):
            return
        if reading in ("dmy", "mdy") or self._time_columns(table_name, users=False) - {column}:
            return  # another column of the table read as a time (a metric's time_column, a filter's date) may use it
        raise DataError(Diagnostic(
            DATE_ORDER_UNUSED(table=table_name, column=self.user_column(table_name, column), what=what()),
            _spec_loc(self.spec, ("data", "date_order", table_name)), code="data"))

    def _integer_reading(self, table: Any, column: str, table_name: str) -> str:
        """How integer times are read, from their smallest and largest values: dates written as digits
        (20250115, from 19000101 to 21001231: local dates), or seconds, milliseconds or microseconds since
        1970-01-01 UTC (instants), told apart by their magnitude (each unit's dates from 1973 to 5138 fill a range
        of its own: 1e8 to 1e11 seconds, 1e11 to 1e14 milliseconds, 1e14 to 1e17 microseconds). A column whose
        values fall in no single range (a count of days, seconds and milliseconds mixed) is an error rather
        than a guess."""
        values = table[column]
        row = self.execute(table.aggregate(lo=values.min(), hi=values.max())).iloc[0]
        lo, hi = row["lo"], row["hi"]
        if _missing(lo):
            return "s"
        if 19_000_101 <= int(lo) and int(hi) <= 21_001_231:
            return "ymd"
        unit = _epoch_unit(int(lo), int(hi))
        if unit is None:
            raise DataError(Diagnostic(
                BAD_EPOCH(column=column, table=table_name, mapped=self._mapped(table_name, column), lo=int(lo),
                          hi=int(hi), hint=_sheet_days_hint(int(lo), int(hi))),
                self._column_loc(table_name, column), code="data"))
        return unit

    def _check_text_times(self, table: Any, column: str, table_name: str, read: Any = None) -> None:
        """Times stored as text (a CSV) that the engine cannot read (`2026-13-01`, `31/02/2026`) are a data error
        naming the first such value, rather than the engine's failure in the middle of a metric. `read` is the
        text the engine is given for it (dates written day first, rewritten year first), the column by default."""
        if (table_name, column) in self._text_times_checked:
            return
        self._text_times_checked.add((table_name, column))
        text = table[column]
        read = text if read is None else read
        present = text.notnull() & (text.strip() != "")
        if self.engine == "duckdb":
            reason, bad = NOT_A_TIME, read.try_cast("timestamp").isnull()
        else:
            # ibis writes TRY_CAST as a plain CAST on PostgreSQL, which fails on `29/04/2025` in the middle of a
            # metric and reads `05/01/2025` by the server's date style (month first by default) without a word:
            # only ISO text is read the same on every engine, and a regular expression finds the rest
            reason, bad = NOT_ISO_TIME, ~read.strip().re_search(_ISO_TIME)
        try:
            rows = self.execute(table.filter(present & bad).select(text).limit(1))
        except Exception:  # noqa: BLE001 - an engine without them: its own error comes with the metric
            return
        if len(rows):
            value = rows.iloc[0, 0]
            if re.match(_MONTH_ONLY, str(value).strip().lower()):  # `mars 2025`, `Jan 2025`, `2025-03`
                reason = A_MONTH
            raise DataError(Diagnostic(
                BAD_TIME_VALUES(table=table_name, column=self.user_column(table_name, column),
                                reason=reason(value=value)),
                _spec_loc(self.spec, ("data", "tables", table_name)), code="data"))

    def writes_dates(self, table: Any, column: str) -> bool:
        """Whether a text column writes dates at all (a value with a year of 4 digits, a day and month before a
        year, or 8 digits or more): one count over it. Text that writes none (a customer id) is no time column,
        whatever an expression does with it."""
        text = table[column].strip()
        try:
            row = self.execute(table.aggregate(n=table.count(where=text.re_search(_WRITES_DATES)))).iloc[0]
        except Exception:  # noqa: BLE001 - a check that cannot run leaves the column's own reading to say why
            return True
        return bool(int(row["n"]))

    def read_columns(self, table_name: str) -> list[str] | None:
        """The columns of an opened table under kpiguard's names, as the data has them (not those kpiguard adds,
        a missing `status`); None when the table was not opened."""
        columns = self._read_columns.get(table_name)
        return list(columns) if columns is not None and table_name in self._tables else None

    def mapped_columns(self, table_name: str) -> dict[str, str]:
        """The canonical columns the table reads under another name: data.columns' mapping, and the columns
        that differ from a canonical name by case only (known once the table is open)."""
        return {**self._by_case.get(table_name, {}), **self.spec.data.columns.get(table_name, {})}

    def user_column(self, table_name: str, column: str) -> str:
        """The column as the user's file names it: the one mapped under data.columns, else the one that differs
        from the canonical name by case only, else the canonical name."""
        mapped = self.spec.data.columns.get(table_name, {}).get(column)
        return mapped or self._by_case.get(table_name, {}).get(column, column)

    @staticmethod
    def naive(expr: Any) -> Any:
        """Local wall-clock time: an instant cast to a naive timestamp reads it in the session's time zone,
        which `connect` set to the spec's timezone. Naive timestamps and dates are already local."""
        dtype = expr.type()
        if dtype.is_timestamp() and dtype.timezone is not None:
            return expr.cast("timestamp")
        return expr

    def local_date(self, expr: Any) -> Any:
        """The local calendar date of a time column."""
        if expr.type().is_date():
            return expr
        return self.naive(expr).date()

    def execute(self, expr: Any) -> Any:
        """The (small, aggregated) result as a pandas DataFrame."""
        if self.engine == "duckdb":
            # compiled once, and converted by DuckDB itself: ibis' own conversion of a one-row result with a
            # hundred columns costs more than some queries
            return self.con.raw_sql(self.con.compile(expr)).df()
        return self.con.execute(expr)

    def to_sql(self, expr: Any) -> str:
        import ibis

        return str(ibis.to_sql(expr, dialect=self.dialect))

    def session_sql(self) -> list[str]:
        """The statements that prepare a session of the engine as kpiguard's own, so that the printed SQL gives
        the same numbers when pasted into psql, spark.sql or duckdb: the spec's time zone (a timestamptz cast to
        a timestamp reads it there), and the views over the files the queries read."""
        tz = _tz(self.spec)
        statements = {"postgres": [f"SET TIME ZONE '{tz}'"], "duckdb": [f"SET TimeZone = '{tz}'"],
                      "pyspark": [f"SET TIME ZONE '{tz}'"]}.get(self.engine, [])
        if self.engine == "duckdb":
            statements.append(PARQUET_NAN)
            # a DuckDB file's tables are read from it read-only, and its views find their relative paths there
            statements += [f"ATTACH {_sql_value(str(path))} AS \"{alias}\" (READ_ONLY)"
                           for alias, path in self._attached_dbs.items()]
            if self._search_dirs:
                statements.append(f"SET file_search_path = {_sql_value(','.join(self._search_dirs))}")
        for view, (kind, path) in self._views.items():
            quoted = str(path).replace("'", "''")
            if self.engine == "duckdb":
                reader = {"parquet": "read_parquet", "json": "read_json_auto"}.get(kind, "read_csv_auto")
                options = "".join(f", {key} = {_sql_value(value)}" for key, value in self._read_options.get(view, {}).items())
                copied = self._originals.get(str(path))
                note = (f"-- a UTF-8 copy of {copied} (Windows-1252), removed when kpiguard ends: "
                        f"convert {'its files' if '*' in str(copied) else 'the file'} to UTF-8 to run this script\n"
                        ) if copied else ""
                statements.append(f"{note}CREATE OR REPLACE TEMP VIEW \"{view}\" AS SELECT * FROM {reader}('{quoted}'{options})")
            elif self.engine == "pyspark":
                options = ", header 'true', inferSchema 'true'" if kind.startswith("csv") else ""
                schema = self._read_options.get(view, {}).get("schema")
                columns = f" ({schema})" if schema else ""  # time columns read as their text
                statements.append(f"CREATE OR REPLACE TEMPORARY VIEW `{view}`{columns} USING {kind.split('_')[0]} "
                                  f"OPTIONS (path '{quoted}'{options})")
        return statements

    # --- opening tables ---------------------------------------------------------------------------------------

    def _open(self, name: str, value: str) -> Any:
        loc = _spec_loc(self.spec, ("data", "tables", name))
        if self.files or _looks_like_file(value):
            return self._open_file(name, value, _resolve(self.spec, value.split("::")[0]), loc)
        return self._open_engine_table(name, value, loc)

    def _open_file(self, name: str, value: str, path: Path, loc: Location | None) -> Any:
        if path.suffix.lower() in (".duckdb", ".db", ".ddb"):
            inner = value.split("::", 1)[1] if "::" in value else name
            if not path.exists():
                raise DataError(Diagnostic(NO_FILE(table=name, path=path), loc, code="data"))
            return self._attached(path, inner, name, loc)
        has_glob = any(ch in str(path) for ch in "*?[")
        if not has_glob and not path.exists():
            raise DataError(Diagnostic(NO_FILE(table=name, path=path), loc, code="data"))
        if not has_glob and path.is_file() and not _head(path).strip():
            # an export that wrote nothing: the engine would invent a column0, and a metric would ask for columns
            raise DataError(Diagnostic(EMPTY_FILE(table=name, path=path), loc, code="data"))
        suffix = _data_suffix(path)
        if path.is_dir():
            # a folder of data files, at any depth: a dataset split into parts or hive partitions
            # (`month=2025-01/part-0.parquet`, whose partition columns DuckDB adds); Spark reads the folder itself
            kinds = _folder_kinds(path)
            if not kinds:
                raise DataError(Diagnostic(NO_DATA_FILES(table=name, path=path), loc, code="data"))
            if len(kinds) > 1:  # reading one kind would leave the others out of every number without a word
                raise DataError(Diagnostic(MIXED_FOLDER(table=name, path=path, kinds=", ".join(kinds),
                                                        glob=Path(value) / "**" / f"*{kinds[0]}"), loc, code="data"))
            kind = kinds[0]
            path = path / "**" / f"*{kind}" if self.engine == "duckdb" else path
            suffix = _data_suffix(Path(f"x{kind}"))
        view = f"kpiguard_{name}"
        # parts written at different times may not have the same columns (one added later): all are read
        several = self.engine == "duckdb" and (has_glob or "**" in str(path))
        try:
            if suffix in (".parquet", ".pq"):
                self._views[view] = ("parquet", path)
                options: dict[str, Any] = {"union_by_name": True} if several else {}
                self._read_options[view] = options
                return self.con.read_parquet(str(path), table_name=view, **options)
            if suffix in (".csv", ".tsv", ".txt"):
                return self._read_csv(str(path), view, several=several, times=self._time_columns(name))
            if suffix in (".json", ".jsonl", ".ndjson"):
                self._views[view] = ("json", path)
                return self.con.read_json(str(path), table_name=view)
        except Exception as exc:  # noqa: BLE001 - any engine error reading a user file is a data error
            raise DataError(Diagnostic(CANNOT_READ(table=name, path=path, reason=_first_line(exc)), loc,
                                       code="data")) from None
        raise DataError(Diagnostic(UNSUPPORTED_FILE(table=name, path=path), loc, code="data"))

    def _attached(self, path: Path, inner: str, name: str, loc: Location | None) -> Any:
        # named after the file's path, the same in every run, so that `explain` prints a script that can be rerun
        alias = "kpiguard_db_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
        if alias not in self._attached_dbs:
            try:
                self.con.attach(str(path), name=alias, read_only=True)
            except Exception as exc:  # noqa: BLE001
                reason = _with_lock_hint(_first_line(exc))
                raise DataError(Diagnostic(CANNOT_READ(table=name, path=path, reason=reason), loc,
                                           code="data")) from None
            self._attached_dbs[alias] = path.resolve()
            self.search_files_in(path.resolve().parent)
        parts = _table_parts(inner)  # `file.duckdb::crm.events`: table `events` of schema `crm`
        schema, table = (parts[-2] if len(parts) > 1 else ""), parts[-1]
        try:
            return self.con.table(table, database=(alias, schema) if schema else alias)
        except Exception as exc:  # noqa: BLE001
            self._refuse_table(name, inner, str(path.resolve()), loc, exc, catalog=alias)

    def search_files_in(self, directory: Path) -> None:
        """Let DuckDB find the files that the views of a database file name by relative paths (dbt-duckdb's
        external models: `read_parquet('target/orders.parquet')`, relative to the project the file sits in) from
        the file's folder, whatever folder kpiguard runs from (DuckDB tries the current one first). One folder
        only: DuckDB reads a relative path in every folder of its search path, and would add up two copies."""
        if self.engine != "duckdb" or self._search_dirs or "," in str(directory):
            return
        try:
            self.con.raw_sql(f"SET file_search_path = {_sql_value(str(directory))}")
        except Exception:  # noqa: BLE001 - an engine without the setting reads paths from the current folder
            return
        self._search_dirs.append(str(directory))

    def _time_columns(self, name: str, *, users: bool = True) -> set[str]:
        """The columns of a table that kpiguard reads as times, as the file names them (`users`; else by their
        canonical names): its canonical time column (mapped or not), the `params.time_column` of the custom
        metrics over it, and the columns their expressions and data.filters compare with a day or read a part of
        (`dated_columns`)."""
        columns = {c for c in (TIME_COLUMNS.get(name),) if c}
        columns |= {str(m.params["time_column"]) for m in self.spec.metrics.values()
                    if m.table == name and m.params.get("time_column")}
        columns |= self._dated_columns(name)
        return {self.user_column(name, c) for c in columns} if users else columns

    def _dated_columns(self, name: str) -> set[str]:
        """The columns that the metrics over the table and its data.filters read as times (compared with a day
        written as ISO, or a part read): their CSV is read with them as text, so that kpiguard, not the reader's
        guess from a sample, decides whether `05/01/2026` is 5 January. Expressions that do not parse are left
        to the metric's own error."""
        if name in self._dated:
            return self._dated[name]
        from kpiguard.metrics.expressions import check_expression, dated_columns

        texts = [("filter", self.spec.data.filters[name])] if name in self.spec.data.filters else []
        texts += [(kind, text) for m in self.spec.metrics.values() if m.table == name
                  for kind, text in (("measure", m.measure), ("filter", m.filter)) if text]
        found: set[str] = set()
        for kind, text in texts:
            try:
                found |= dated_columns(check_expression(text, kind))
            except KpiguardError:
                continue
        self._dated[name] = found
        return found

    def _read_csv(self, path: str, view: str, *, several: bool = False, times: set[str] | None = None) -> Any:
        """A CSV file. One that is not UTF-8 (a Prestashop or Excel export in Windows-1252) is read as Latin-1,
        which gives the same text but for a few typographic signs (`€`, `œ`, curly quotes); a file holding such
        signs, which DuckDB's Latin-1 reading refuses, is read from a UTF-8 copy that kpiguard writes in a
        temporary folder (the file itself is left as it is). A UTF-8 byte order mark left before its header is
        dropped from the first column's name. One written with decimal
        commas (a French spreadsheet's export: `62,96` under `;` separators) is read again with `,` as the
        decimal mark, when a text column holds only such numbers."""
        self._views[view] = ("csv", Path(path))
        # the files of a folder or a glob are matched by column name, as Parquet parts are
        options: dict[str, Any] = {"union_by_name": True} if several else {}
        written = _encodings(path) if self.engine == "duckdb" else set()
        if written == {"utf-16"}:
            options["encoding"] = "utf-16"  # Excel's "Unicode text": the reader would not find a single line
        elif written - {"utf-8"}:
            # told from the bytes of every file before reading: the engine only sniffs the first lines, and an
            # `é` further down failed the query itself ("CSV Error on Line: 60002"); a folder whose files are
            # written in several encodings (a month saved as Excel's "Unicode text") is read from UTF-8 copies
            if several or written & {"cp1252", "utf-16"}:
                path = self._utf8_copies(path) if several else str(self._utf8_copy(Path(path)))
                self._views[view] = ("csv", Path(path))
            else:
                options["encoding"] = "latin-1"
        try:
            table = self.con.read_csv(path, table_name=view, **options)
        except Exception as exc:  # only a file that is not UTF-8 is read another way
            if "not utf-8" not in str(exc).lower():
                raise
            if several:
                # a folder's files may be written in different encodings (a month saved from Excel among UTF-8
                # exports): read as Latin-1, the UTF-8 ones would be garbled (`ZoÃ©`); each is copied as it reads
                path = self._utf8_copies(path)
                self._views[view] = ("csv", Path(path))
                table = self.con.read_csv(path, table_name=view, **options)
                return self._after_reading(path, view, table, options, times)
            options["encoding"] = "latin-1"
            try:
                table = self.con.read_csv(path, table_name=view, **options)
            except Exception as again:
                if "not latin-1" not in str(again).lower():
                    raise
                del options["encoding"]
                path = str(self._utf8_copy(Path(path)))
                self._views[view] = ("csv", Path(path))
                table = self.con.read_csv(path, table_name=view, **options)
        return self._after_reading(path, view, table, options, times)

    def _after_reading(self, path: str, view: str, table: Any, options: dict[str, Any],
                       times: set[str] | None) -> Any:
        """A CSV file (or the files of a folder) once its encoding is known: read again with decimal commas or
        dates as text when its columns say so, its header's byte order mark and repeated names taken care of, the
        title lines a spreadsheet wrote above its header skipped."""
        skip = self._title_lines(path, table, options)
        if skip:
            options["skip"] = skip
            table = self.con.read_csv(path, table_name=view, **options)
        if _decimal_comma_columns(table):
            try:
                again = self.con.read_csv(path, table_name=view, **options, decimal_separator=",")
            except Exception:  # noqa: BLE001 - a file the engine cannot read that way keeps its first reading
                again = None
            if again is not None and not _decimal_comma_columns(again):
                options["decimal_separator"] = ","
                table = again
            else:
                table = self.con.read_csv(path, table_name=view, **options)
        as_text = {**self._dates_read_as_text(path, table, options, times or set()),
                   **self._ids_read_as_text(view.removeprefix("kpiguard_"), table)}
        if as_text:
            options["types"] = as_text
            table = self.con.read_csv(path, table_name=view, **options)
        zoned = self._spark_zoned_text(view, times or set())
        if zoned:
            options["schema"] = zoned
            table = self.con.read_csv(path, table_name=view, **options)
        self._read_options[view] = options  # explain prints the same reading
        first = table.columns[0]
        if first.startswith(_LATIN1_BOM):  # a UTF-8 mark before a Windows-1252 header, read as Latin-1
            table = table.rename({first[len(_LATIN1_BOM):]: first})
        return self._numbered_repeats(path, view, table, options)

    def _title_lines(self, path: str, table: Any, options: dict[str, Any]) -> int:
        """How many lines a CSV writes above its header (0 for most): an Excel sheet saved as CSV with a title
        (`Rapport des ventes - export du 03/03/2025;;;;`) and a blank line before its column names gets the title
        as its only named column, the others called `column1`, `column2` by the reader, and every mapping said
        that the file has none of its columns. The header is then the first of the first lines that fills as many
        cells as any of them (one read of TITLE_SCAN lines, only for such a file)."""
        names = list(table.columns)
        if self.engine != "duckdb" or len(names) < 2 or sum(not _AUTO_NAME.fullmatch(n) for n in names) > 1:
            return 0
        first = _first_file(path)
        reading = "".join(f", {key} = {_sql_value(value)}" for key, value in options.items() if key == "encoding")
        try:
            rows = self.con.con.execute(f"SELECT * FROM read_csv({_sql_value(str(first))}, header = false, "
                                        f"all_varchar = true{reading}) LIMIT {TITLE_SCAN}").fetchall()
        except Exception:  # noqa: BLE001 - a file the engine cannot read so keeps its first reading
            return 0
        cells = [[str(v).strip() for v in row if v is not None and str(v).strip()] for row in rows]
        widest = max((len(c) for c in cells), default=0)
        line = next((i for i, c in enumerate(cells) if len(c) == widest), 0)
        # a header names its columns, each once: a row of numbers (`1;x` under a header `id;`) is data
        names = cells[line] if widest >= 2 else []
        if not names or len(set(names)) < len(names) or any(_NUMBER_CELL.fullmatch(n) for n in names):
            return 0
        return line

    def _utf8_copies(self, pattern: str) -> str:
        """UTF-8 copies of the CSV files a folder or a glob names, in a temporary folder removed with the source,
        under the same relative paths (hive partitions keep their `month=01` folders); each file is read as UTF-8
        when it is, else as Windows-1252 (else Latin-1, which reads every byte). The pattern over the copies."""
        import glob
        import tempfile

        parts = Path(pattern).parts
        fixed = next((i for i, part in enumerate(parts) if any(ch in part for ch in "*?[")), len(parts) - 1)
        base = Path(*parts[:fixed])
        folder = tempfile.TemporaryDirectory(prefix="kpiguard-")
        self._copies.append(folder)
        for name in sorted(glob.glob(pattern, recursive=True)):
            original = Path(name)
            if not original.is_file():
                continue
            copy = Path(folder.name) / original.relative_to(base)
            copy = copy.with_name(_copy_name(copy.name))
            copy.parent.mkdir(parents=True, exist_ok=True)
            _transcode(original, copy, ("utf-16",) if _head(original, 2) in _UTF16_BOMS else ("utf-8", "cp1252", "latin-1"))
        copied = str(Path(folder.name, *parts[fixed:-1], _copy_name(parts[-1])))
        self._originals[copied] = Path(pattern)
        return copied

    def _utf8_copy(self, path: Path) -> Path:
        """A UTF-8 copy of a Windows-1252 file (Excel's or Prestashop's French CSV, whose `€`, `œ` and curly
        quotes are bytes that Latin-1 leaves undefined), in a temporary folder removed with the source; read and
        written in blocks, so that a large export is never held in memory whole."""
        import tempfile

        folder = tempfile.TemporaryDirectory(prefix="kpiguard-")
        self._copies.append(folder)
        copy = Path(folder.name) / _copy_name(path.name)
        # a byte Windows-1252 leaves undefined too: Latin-1 reads every byte
        _transcode(path, copy, ("cp1252", "latin-1"))
        self._originals[str(copy)] = path
        return copy

    def _numbered_repeats(self, path: str, view: str, table: Any, options: dict[str, Any]) -> Any:
        """A CSV whose header writes a name twice (two `Total` columns: tax included and not, or an export
        joined by hand): the reader keeps the first as `Total` and calls the second `Total_1`, so that `Total`
        would silently be the first. kpiguard names them `Total_1`, `Total_2` in the header's order instead, and
        a mapping to `Total` (or a canonical column so written) is an error that lists them (see
        `_refuse_repeated`). The header is read only when the reader's names show a repeat (`X` and `X_1`)."""
        lowered = {c.lower() for c in table.columns}
        if self.engine != "duckdb" or not any(
                re.match(r"^(.+)_\d+$", c) and re.match(r"^(.+)_\d+$", c).group(1).lower() in lowered
                for c in table.columns):
            return table
        first = _first_file(path)
        header = self._header(first, options) if first is not None else None
        if header is None or len(header) != len(table.columns):
            return table
        positions: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            positions.setdefault(name.lower(), []).append(i)
        renames: dict[str, str] = {}
        repeated: dict[str, list[str]] = {}
        for spelled, where in positions.items():
            if len(where) < 2:
                continue
            names = [f"{header[where[0]]}_{n}" for n in range(1, len(where) + 1)]
            taken = set(table.columns) - {table.columns[i] for i in where}
            if not taken & set(names):  # the file has no column of such a name already
                renames.update({new: table.columns[i] for new, i in zip(names, where, strict=True)})
            repeated[spelled] = [new if new in renames else table.columns[i] for new, i in zip(names, where, strict=True)]
        if not repeated:
            return table
        self._repeated[view] = (Path(first), repeated)
        if not renames:
            return table
        return table.select(**{next((new for new, old in renames.items() if old == c), c): table[c]
                               for c in table.columns})

    def _header(self, path: Path, options: dict[str, Any]) -> list[str] | None:
        """The names a CSV file's header writes, as written (one row, read by the engine, below its title lines)."""
        reading = "".join(f", {key} = {_sql_value(value)}" for key, value in options.items()
                          if key in ("encoding", "skip"))
        try:
            row = self.con.con.execute(f"SELECT * FROM read_csv({_sql_value(str(path))}, header = false, "
                                       f"all_varchar = true{reading}) LIMIT 1").fetchall()
        except Exception:  # noqa: BLE001 - a header the engine cannot read again keeps the reader's names
            return None
        return [str(v) for v in row[0]] if row else None

    def _refuse_repeated(self, name: str, canonical: str, written: str, metric: str) -> None:
        """The error for a column that the file's header names more than once, if `written` is such a name."""
        found = self._repeated.get(f"kpiguard_{name}")
        if found is None or written.lower() not in found[1]:
            return
        path, repeated = found
        names = repeated[written.lower()]
        raise DataError(Diagnostic(
            REPEATED_COLUMN(table=name, path=path.name, n=len(names), name=written, canonical=canonical,
                            names=", ".join(repr(n) for n in names), first=names[0], second=names[1],
                            metric=metric),
            self._column_loc(name, canonical), code="data"))

    def _dates_read_as_text(self, path: str, table: Any, options: dict[str, Any], times: set[str]) -> dict[str, str]:
        """The time columns (`times`) that DuckDB's CSV reader parsed from dates written day or month first
        (`05/01/2025`), to be read as their text instead: the reader guesses from a sample, and takes 05/01/2025
        for 5 January in a file of American dates where no sampled day is above 12. kpiguard reads such text from
        the whole column, and refuses it when nothing tells the day from the month. Other columns keep the
        reader's types (a custom filter may compare them as dates)."""
        if self.engine != "duckdb" or not times & set(table.columns):
            return {}
        first = _first_file(path)
        if first is None:
            return {}
        reading = "".join(f", {key} = {_sql_value(value)}" for key, value in options.items() if key != "union_by_name")
        try:
            # fetched whole: DuckDB 2 refuses other work on a connection whose last result was not read to its end
            rows = self.con.con.execute(
                f"SELECT DateFormat, TimestampFormat FROM sniff_csv({_sql_value(first)}{reading})").fetchall()
            formats = rows[0] if rows else None
        except Exception:  # noqa: BLE001 - a file the sniffer cannot read keeps the reader's own reading
            return {}
        kinds = [check for check, written in zip(("is_date", "is_timestamp"), formats or (), strict=False)
                 if written and not str(written).startswith("%Y")]
        return {column: "VARCHAR" for column, dtype in table.schema().items()
                if column in times and any(getattr(dtype, kind)() for kind in kinds)}

    def _ids_read_as_text(self, name: str, table: Any) -> dict[str, str]:
        """The id columns of a CSV (ID_COLUMNS, as the file names them) that the reader typed as floating-point or
        decimal numbers, to read as the text they write: GA4's `user_pseudo_id` (`1197596843.1673515166`) has
        more digits than a double holds, and two visitors became one (`...5166` and `...5167`). Ids written as
        whole numbers keep the reader's integers."""
        ids = {self.user_column(name, c) for c in ID_COLUMNS.get(name, ())}
        return {column: "VARCHAR" for column, dtype in table.schema().items()
                if column in ids and (dtype.is_floating() or dtype.is_decimal())}

    def _spark_zoned_text(self, view: str, times: set[str]) -> str | None:
        """On Spark, the schema (as DDL) that reads the time columns (`times`) of a CSV under data.timezones as
        their text, None when there are none: Spark's reader types `2026-03-01T10:00:00+02:00`, `2026-03-01
        10:00:00` and `2026-03-01` alike as TIMESTAMP, and the zone then moved instants that their offset already
        placed, and days keyed in among times. As text, they are read as on DuckDB and PostgreSQL (offsets
        refuse the zone, days stay local days). The other columns keep the types the reader found."""
        if self.engine != "pyspark" or self._zone(view.removeprefix("kpiguard_")) is None:
            return None
        from pyspark.sql.types import StringType, TimestampNTZType, TimestampType

        fields = self.con._session.table(view).schema.fields
        if not any(f.name in times and isinstance(f.dataType, (TimestampType, TimestampNTZType)) for f in fields):
            return None

        def ddl(field: Any) -> str:
            kind = StringType() if field.name in times else field.dataType
            return "`" + field.name.replace("`", "``") + "` " + kind.simpleString()

        return ", ".join(ddl(f) for f in fields)

    def _open_engine_table(self, name: str, value: str, loc: Location | None) -> Any:
        parts = _table_parts(value)
        if self.engine == "postgres" and len(parts) == 1:
            parts = self._on_search_path(parts[0])
        if self.engine == "postgres" and len(parts) == 3 and parts[0] != self.con.current_catalog:
            # PostgreSQL reads one database per connection: the query would fail with "cross-database references"
            raise DataError(Diagnostic(OTHER_DATABASE(table=name, name=value, database=parts[0],
                                                      current=self.con.current_catalog,
                                                      rest=".".join(_quoted_part(p) for p in parts[1:])),
                                       loc, code="data"))
        try:
            if len(parts) == 1:
                table = self.con.table(value)
            else:
                table = self.con.table(parts[-1], database=tuple(parts[:-1]) if len(parts) > 2 else parts[0])
        except Exception as exc:  # noqa: BLE001 - the engine's own "table not found" error, in its own words
            self._refuse_table(name, value, _redact(self.spec.data.engine), loc, exc)
        return self._read_as_written(table, parts)

    def _on_search_path(self, table: str) -> list[str]:
        """A PostgreSQL table named without its schema, with the schema PostgreSQL finds it in: the first of the
        search path that has it (ibis looks in the first schema of the path only, `current_schema()`, and
        missed a table of `public` for a user whose own schema comes first). The name alone when none has it."""
        query = ("SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                 "ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%(name)s)")
        try:
            cursor = self.con.raw_sql(query, params={"name": _quoted_part(table)})
            try:
                row = cursor.fetchone()
            finally:
                cursor.close()
        except Exception:  # noqa: BLE001 - a server that speaks PostgreSQL's protocol without its catalog
            return [table]
        return [row[0], table] if row else [table]

    def _read_as_written(self, table: Any, parts: list[str]) -> Any:
        """The table with the PostgreSQL types that ibis misreads cast in the engine. `money`, which ibis takes
        for a decimal(19, 4), is summed as money and printed in the server's locale (`$33,850.42`), which no number
        conversion reads: it is read as numeric (`amount::numeric`). `character(n)` comes back padded with
        spaces (`'completed   '`), which no status or e-mail event matches: it is read as varchar, which drops
        the padding as PostgreSQL's own comparisons do. An enum whose type is on the search path (an application's
        `status` in `public`), which ibis takes for text, compares only with its own labels (`status IN ('paid')`
        is an error where `paid` is none, and a `CASE` that maps `paid` to 'completed' is typed as the enum): it
        is read as its text (`status::varchar`). Only columns ibis reads as decimal(19, 4) or as text can be such:
        the catalog is asked about them, once per table, the table found as PostgreSQL finds it (search path)."""
        if self.engine != "postgres":
            return table
        candidates = {c for c, t in table.schema().items()
                      if (t.is_decimal() and (t.precision, t.scale) == (19, 4)) or t.is_string()}
        if not candidates:
            return table
        query = ("SELECT a.attname, CASE WHEN a.atttypid = 'money'::regtype THEN 'money' "
                 "WHEN a.atttypid = 'bpchar'::regtype THEN 'bpchar' ELSE 'enum' END "
                 "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                 "WHERE a.attrelid = to_regclass(%(name)s) AND a.attnum > 0 AND NOT a.attisdropped "
                 "AND (a.atttypid IN ('money'::regtype, 'bpchar'::regtype) OR t.typtype = 'e')")
        quoted = ".".join('"' + part.replace('"', '""') + '"' for part in parts)
        try:
            cursor = self.con.raw_sql(query, params={"name": quoted})
            try:
                found = {name: kind for name, kind in cursor.fetchall() if name in candidates}
            finally:
                cursor.close()
        except Exception:  # noqa: BLE001 - a server that speaks PostgreSQL's protocol without its catalog
            return table
        return table.mutate(**{c: _read_as(table[c], kind) for c, kind in found.items()}) if found else table

    def _refuse_table(self, name: str, written: str, engine: str, loc: Location | None, exc: Exception,
                      catalog: str | None = None) -> NoReturn:
        """A table the engine would not open. One that exists but cannot be read (a view over files that have
        moved, a view the user may not read) is refused with the engine's reason; one that does not exist with
        what the engine has instead."""
        parts = _table_parts(written)
        exists = self._table_exists(parts, catalog)
        reason = with_timeout_hint(_redact_text(_first_line(exc), self.spec.data.engine or ""))
        if exists:
            raise DataError(Diagnostic(CANNOT_OPEN_TABLE(table=name, name=written, engine=engine, reason=reason),
                                       loc, code="data")) from None
        if exists is None:  # the engine could not even list its tables (a timeout, a lost connection): its words
            raise DataError(Diagnostic(ENGINE_REFUSED_TABLE(table=name, name=written, engine=engine, reason=reason),
                                       loc, code="data")) from None
        raise DataError(Diagnostic(NO_ENGINE_TABLE(table=name, name=written, engine=engine,
                                                   hint=self._table_hint(parts, catalog)),
                                   loc, code="data")) from None

    def _table_exists(self, parts: list[str], catalog: str | None) -> bool | None:
        """Whether the engine lists the table; None when it cannot say (its listing failed too: a statement
        timeout, a connection lost), so that its own reason is reported rather than an absence."""
        schema = ".".join(parts[:-1]) or None
        try:
            if schema is not None and len(parts) == 2 and schema not in self._schemas(catalog):
                return False
            return parts[-1] in self._tables_in(schema, catalog)
        except Exception:  # noqa: BLE001 - the engine's reason for failing to open the table is the one to give
            return None

    def _schemas(self, catalog: str | None) -> list[str]:
        """The schemas of the engine (of an attached DuckDB file), without the engine's own."""
        if self.engine == "duckdb":  # ibis' listing of DuckDB schemas fails with DuckDB 2: asked directly
            rows = self.con.con.execute(
                "SELECT DISTINCT schema_name FROM information_schema.schemata "
                "WHERE catalog_name = coalesce(?, current_database()) ORDER BY 1", [catalog]).fetchall()
            names = [r[0] for r in rows]
        else:
            names = list(self.con.list_databases())
        return [d for d in names if not d.startswith("pg_") and d not in ("information_schema", "pg_catalog")]

    def canonical_tables(self) -> dict[str, str]:
        """The engine's own tables that bear a canonical name (`orders`, `ORDERS` on Snowflake), for a spec that
        has not mapped them yet: canonical name -> the engine's. Empty for files, or when the engine cannot list
        its tables (the error being reported matters more than this hint)."""
        from kpiguard.spec.loader import CANONICAL_TABLES

        if self.files:
            return {}
        try:
            held = {name.lower(): name for name in self._tables_in(None, None)}
        except Exception:  # noqa: BLE001 - only a hint: any failure to list leaves it out
            return {}
        return {table: held[table] for table in CANONICAL_TABLES if table in held}

    def _tables_in(self, schema: str | None, catalog: str | None) -> list[str]:
        """The tables and views of a schema (the default one when None)."""
        if self.engine == "duckdb":
            rows = self.con.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = coalesce(?, "
                "current_database()) AND table_schema = coalesce(?, current_schema()) ORDER BY 1",
                [catalog, schema]).fetchall()
            return [r[0] for r in rows]
        if self.engine == "postgres":  # ibis lists neither materialized views nor what the user may not read
            cursor = self.con.raw_sql(
                "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND n.nspname = coalesce(%(schema)s::text, "
                "current_schema()) ORDER BY 1", params={"schema": schema})
            try:
                return [r[0] for r in cursor.fetchall()]
            finally:
                cursor.close()
        return list(self.con.list_tables(database=schema) if schema else self.con.list_tables())

    def _table_hint(self, parts: list[str], catalog: str | None = None) -> str:
        """What the engine has instead of a missing `schema.table`: the schema's absence, or close table names
        (`Sales.Orders` for `sales.orders`: PostgreSQL folds unquoted names to lower case, kpiguard does not)."""
        import difflib

        schema = ".".join(parts[:-1]) or None
        wanted = parts[-1]
        try:
            if schema is not None and len(parts) == 2:
                schemas = self._schemas(catalog)
                if schema not in schemas:
                    close = [d for d in schemas if d.lower() == schema.lower()]
                    close = close or difflib.get_close_matches(schema, schemas, n=3, cutoff=0.6)
                    if not close:
                        return NO_SCHEMA(schema=schema, schemas=", ".join(schemas[:20]) or "-")
                    # the table's own spelling there, which may differ in case too (`Analytics.Fct_Orders`)
                    names = [f"{c}.{t}" for c in close for t in _close_names(wanted, self._tables_in(c, catalog))]
                    return _close_tables(names or [f"{c}.{wanted}" for c in close], parts)
            if schema is None and self.engine == "postgres":
                folded = self._folded_search_path()
                if folded:
                    written, real = folded[0]
                    found = _close_names(wanted, self._tables_in(real, catalog))
                    return FOLDED_SEARCH_PATH(written=written, folded=written.lower(), schema=real,
                                              table=f"{real}.{found[0] if found else wanted}")
            tables = self._tables_in(schema, catalog)
            close = _close_names(wanted, tables)
            prefix = f"{schema}." if schema else ""
            names = [f"{prefix}{t}" for t in close] or self._in_other_schemas(wanted, schema, catalog)
        except Exception:  # noqa: BLE001 - a hint is a nicety; the error stands without it
            return ""
        return _close_tables(names, parts)

    def _folded_search_path(self) -> list[tuple[str, str]]:
        """The schemas of the session's search_path written with capitals and without double quotes
        (`?options=-c search_path=Bench_Marts`), which PostgreSQL reads in lower case, where it has no such
        schema but one of that name in other capitals: (as written, the schema's own spelling)."""
        cursor = self.con.raw_sql("SELECT current_setting('search_path')")
        try:
            path = cursor.fetchone()[0] or ""
        finally:
            cursor.close()
        entries = [e.strip() for e in re.findall(r'(?:"(?:[^"]|"")*"|[^,])+', path)]
        schemas = self._schemas(None)
        return [(e, real) for e in entries if not e.startswith('"') and e != e.lower() and e.lower() not in schemas
                for real in schemas if real.lower() == e.lower()][:1]

    def _in_other_schemas(self, wanted: str, schema: str | None, catalog: str | None) -> list[str]:
        """`schema.table` for the tables of that name (whatever its case) in the engine's other schemas: a
        warehouse keeps its models in `analytics` or `marts`, which an unqualified name does not reach."""
        if len(self._schemas(catalog)) > _SCHEMAS_SEARCHED:
            return []
        return [f"{other}.{t}" for other in self._schemas(catalog) if other != schema
                for t in self._tables_in(other, catalog) if t.lower() == wanted.lower()]


# The e-mail metrics a campaign report's total columns stand for, by the beginnings of their names (folded: lower
# case, no accents, letters only), in English and French, as Brevo, Mailchimp and Klaviyo name them.
_CAMPAIGN_TOTALS = (
    ("emails_delivered", ("deliver", "delivr", "successfuldeliver", "recus")),
    ("emails_sent", ("sent", "emailssent", "envoi", "envoy", "recipient", "totalrecipient", "destinataire")),
    ("email_opens", ("open", "uniqueopen", "ouvert", "ouvreur", "ouverturesunique")),
    ("email_clicks", ("click", "uniqueclick", "clic", "cliqueur", "clicsunique")),
    ("email_unsubscribes", ("unsub", "desinscri", "desabonn", "desinscription")),
)


def _folded_name(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", plain)


def _campaign_total_columns(numeric: dict[str, bool]) -> dict[str, str]:
    """metric -> the number column of a campaign report that holds its total, for the metrics it has a column
    for (none when fewer than two are found: no report then). Rates (`Open Rate`, `Taux d'ouverture`) are no
    totals; a `Unique` column wins over the plain one, as the metrics count distinct recipients."""
    found: dict[str, str] = {}
    for metric, beginnings in _CAMPAIGN_TOTALS:
        named = [c for c, is_number in numeric.items() if is_number and "rate" not in _folded_name(c)
                 and "taux" not in _folded_name(c) and "%" not in c
                 and _folded_name(c).removeprefix("unique").removeprefix("total").startswith(beginnings)]
        named = [c for c in named if c not in found.values()]
        if named:
            found[metric] = min(named, key=lambda c: ("uniq" not in _folded_name(c), len(c)))
    return found if len(found) >= 2 else {}


def _sql_name(column: str) -> str:
    """A column as an expression names it: bare when it is a plain identifier, else in double quotes."""
    return column if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", column) else '"' + column.replace('"', '""') + '"'


def _quoted_part(part: str) -> str:
    """A part of a table's name as SQL writes it: as it is when lower-case letters, digits and `_` only."""
    return part if re.fullmatch(r"[a-z_][a-z0-9_]*", part) else '"' + part.replace('"', '""') + '"'


def _encodings(pattern: str) -> set[str]:
    """How the CSV files a path or a glob names are written: `utf-8` (ASCII included), `utf-16` (a byte order mark:
    Excel's "Unicode text"), `latin-1` (not UTF-8, and
    no byte that Latin-1 leaves undefined: read as such, it gives the text Windows-1252 would) or `cp1252` (a
    `€`, `œ` or curly quote: DuckDB refuses them as Latin-1). Every byte is read, in blocks, a gzipped file's
    uncompressed (an export saved from Excel then gzipped is as Windows-1252 as the CSV); a file compressed
    otherwise (`.zst`, which Python does not read) is left to the engine."""
    import codecs
    import glob

    found = set()
    for name in glob.glob(pattern, recursive=True) if any(ch in pattern for ch in "*?[") else [pattern]:
        path = Path(name)
        if not path.is_file() or path.suffix.lower() in (".zst", ".bz2", ".xz", ".zip") or (
                path.suffix.lower() == ".gz" and _head(path, 2) == b"?"):
            continue
        decoder = codecs.getincrementaldecoder("utf-8")()
        with _open_bytes(path) as raw:
            if raw.read(2) in _UTF16_BOMS:  # Excel's "Unicode text"
                found.add("utf-16")
                continue
            raw.seek(0)
            try:
                while block := raw.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
                found.add("utf-8")
                continue
            except UnicodeDecodeError:
                raw.seek(0)
                found.add("latin-1")
                while block := raw.read(1 << 20):
                    if _CP1252_ONLY.search(block):
                        found.add("cp1252")
                        break
    return found


# Text that writes a date: a year of 4 digits, a day and a month before a year, or 8 digits or more (an epoch).
_WRITES_DATES = r"(^|[^0-9])[0-9]{4}([^0-9]|$)|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2}|^[0-9]{8,}$"
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")


def _pairs(table: Any, keys: list[str]) -> Any:
    """One text value per combination of `keys` (a missing one written as nothing), for a distinct count."""
    parts = [table[key].cast("string").fill_null("") for key in keys]
    text = parts[0]
    for part in parts[1:]:
        text = text + "\x1f" + part  # a unit separator: no id holds one
    return text


def _open_bytes(path: Path) -> Any:
    """A data file opened for reading its bytes, uncompressed when it is gzipped (`orders.csv.gz`)."""
    if path.suffix.lower() == ".gz":
        import gzip

        return gzip.open(path, "rb")
    return path.open("rb")


def _copy_name(name: str) -> str:
    """The name of a file's UTF-8 copy: the file's, without a `.gz` (the copy is written uncompressed, and the
    engine tells compression by the name)."""
    return name[:-3] if name.lower().endswith(".gz") else name


def _transcode(path: Path, copy: Path, encodings: tuple[str, ...]) -> None:
    """`path` written to `copy` in UTF-8, read in the first of `encodings` that reads it whole (the last one
    must read every byte: Latin-1); in blocks, so that a large export is never held in memory whole. A gzipped
    file is read uncompressed and copied so."""
    import io

    for encoding in encodings:
        with io.TextIOWrapper(_open_bytes(path), encoding=encoding, errors="strict", newline="") as text, \
                copy.open("w", encoding="utf-8", newline="") as out:
            try:
                while block := text.read(1 << 20):
                    out.write(block)
                return
            except UnicodeDecodeError:
                continue


def _table_parts(written: str) -> list[str]:
    """The parts of a table name as SQL writes them: `analytics.fct_orders`, or with quoted parts, which keep
    their case and may hold a dot (`analytics."Orders"`, `"Sales"."2025.orders"`); a quote inside a quoted part
    is doubled. Unquoted parts are kept as written (kpiguard does not fold them to lower case)."""
    if not re.fullmatch(rf"{_NAME_PART}(\.{_NAME_PART})*", written):
        return written.split(".")  # not a SQL name (an unbalanced quote): the engine's error says what it has
    return [plain or quoted.replace('""', '"') for quoted, plain in re.findall(_NAME_PART, written)]


# The most schemas a missing table is looked for in, one listing each.
_SCHEMAS_SEARCHED = 50
# One part of a qualified table name: a quoted identifier (its quotes doubled inside) or a run without dots.
_NAME_PART = r'(?:"((?:[^"]|"")+)"|([^".]+))'


def _close_tables(names: list[str], parts: list[str]) -> str:
    """`; did you mean ...?` for the names the engine has, saying why when one is the name written in another
    case (`Sales.Orders` for `sales.orders`)."""
    if not names:
        return ""
    written = ".".join(parts).lower()
    return CLOSE_TABLES(names=", ".join(names)) + (CASE_OF_NAMES() if any(n.lower() == written for n in names) else "")


def _close_names(wanted: str, names: list[str]) -> list[str]:
    """The names that differ from `wanted` by case only, else the closest few."""
    import difflib

    same = [n for n in names if n.lower() == wanted.lower()]
    return same or difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)


# A time of day followed by a UTC offset or zone: `10:00:00Z`, `10:00:00+01:00`, `10:00 +0100`, `10:00:00 UTC`.
# A date or timestamp written as ISO text, with or without a UTC offset (`2025-01-05`, `2025-01-05T10:00:00.5`,
# Shopify's `2025-02-01 00:30:00 +0100`).
_ISO_TIME = (r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?"
             r"\s*(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)?)?$")
# A text time that writes a time of day after its date (`2026-01-05 14:00`, `05/01/2026T14:00`), not a day alone.
_TIMED = r"\d[ T]\d"
_OFFSET_PATTERN = r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}(:?\d{2})?)$"
# A date written with the day and the month before a four-digit year, and maybe a time: `25/03/2025`,
# `25.03.2025 14:02`, `3/25/2025 2:02:11`.
_SLASHED_PATTERN = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$"
# A time on a 12-hour clock at the end of a text time (`02:30 PM`, `2:30:05 p.m.`, `11:45PM`): its groups are
# what comes before the hour, the hour, the minutes and seconds, and the A or P.
_TWELVE_HOUR_PATTERN = r"^(.*[^0-9:])?([0-9]{1,2})(:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)\s*([AaPp])[.]?\s*[Mm][.]?$"
# A date written with the month's name, in English or French: `Jan 31, 2025` (Magento's grid, an American locale),
# `31 Jan 2025`, `January 31, 2025`, `31 janv. 2025`, `1er mars 2025 14:05` (a French locale), in lower case; its
# groups are the month and the day (the day and the month), the year. No English name begins a French one of
# another month, nor the reverse (`mar` and `mars` are both March), so that each name reads as one month.
# Each month's names as regular expressions: the English name or its first three letters, the French name or its
# abbreviation (with or without its accent, as exports that drop them write it).
_MONTH_NAMES = (
    ("jan(?:uary)?", "janv(?:ier)?"), ("feb(?:ruary)?", "f[ée]v(?:r(?:ier)?)?"), ("mar(?:ch)?", "mars"),
    ("apr(?:il)?", "avr(?:il)?"), ("may", "mai"), ("june?", "juin"), ("july?", "juil(?:l(?:et)?)?"),
    ("aug(?:ust)?", "ao[ûu]t"), ("sep(?:t|tember)?", "sept(?:embre)?"), ("oct(?:ober)?", "oct(?:obre)?"),
    ("nov(?:ember)?", "nov(?:embre)?"), ("dec(?:ember)?", "d[ée]c(?:embre)?"))
_MONTH_WORD = "(" + "|".join(name for names in _MONTH_NAMES for name in names) + ")"
# the day of the month, maybe an ordinal (`1er`, `1st`, `2nd`, `3rd`, `4th`), of which the group keeps the digits
_DAY = "([0-9]{1,2})(?:er|st|nd|rd|th)?"
_MONTH_FIRST = rf"^{_MONTH_WORD}[.]?\s+{_DAY},?\s+([0-9]{{4}})"
_DAY_FIRST = rf"^{_DAY}\s+{_MONTH_WORD}[.]?,?\s+([0-9]{{4}})"
# A month without its day: `mars 2025`, `Jan. 2025`, `2025-03` (a spreadsheet's cell formatted as a month).
_MONTH_ONLY = rf"^({_MONTH_WORD}[.]?\s+[0-9]{{4}}|[0-9]{{4}}-[0-9]{{1,2}}|[0-9]{{1,2}}/[0-9]{{4}})$"
# The suffix of the reading of text times that are rewritten in numbers before they are read (see _text_reading).
SPELLED = "+spelled"
# Epoch seconds to microseconds written as text (`1736899200`), and the prefix of their reading (`epoch:ms`).
_EPOCH_TEXT_PATTERN = r"^[0-9]{9,17}$"
EPOCH_TEXT = "epoch:"
# The same with a two-digit year (`05/01/26`), which could be 2026-01-05, 2026-05-01 or 2005-01-26.
_SHORT_YEAR_PATTERN = r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$"
# Integer epochs: the unit whose range holds the column's smallest and largest values (1973 to 5138).
_EPOCH_UNITS = (("s", 10**8, 10**11), ("ms", 10**11, 10**14), ("us", 10**14, 10**17))


# Columns a message lists: a wide export (GA4's, a stock pivot with a column per day) has hundreds.
LISTED_COLUMNS = 40
MORE_COLUMNS = M(en=", ... ({n} more)", fr=", ... ({n} de plus)")


def _listed(columns: list[str]) -> str:
    """The columns of a table for a message, the first LISTED_COLUMNS of them."""
    shown = ", ".join(columns[:LISTED_COLUMNS])
    return shown + (MORE_COLUMNS(n=len(columns) - LISTED_COLUMNS) if len(columns) > LISTED_COLUMNS else "")


def _close_column(name: str, columns: list[str]) -> str:
    """` Did you mean 'amount'?` for a mapped name the file spells otherwise (case, accents, spaces), else ''."""
    import difflib
    import unicodedata

    def folded(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in plain.lower() if ch.isalnum())

    close = [c for c in columns if folded(c) == folded(name)]
    close = close or difflib.get_close_matches(name, list(columns), n=1, cutoff=0.75)
    return DID_YOU_MEAN_COLUMN(name=close[0]) if close else ""


def _sql_value(value: Any) -> str:
    """A reading option as DuckDB SQL: `true`, a quoted string, or a struct of them (`{'Date': 'VARCHAR'}`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_sql_value(k)}: {_sql_value(v)}" for k, v in value.items()) + "}"
    return "'" + str(value).replace("'", "''") + "'"


def _in_zone(zone: Any, naive: Any) -> Any:
    """The instants that naive timestamps are in `zone` (a name, or an expression naming one per row):
    `timezone(zone, ts)` in DuckDB and PostgreSQL."""
    import ibis
    import ibis.expr.datatypes as dt

    @ibis.udf.scalar.builtin(name="timezone", signature=((dt.string, dt.timestamp), dt.Timestamp(timezone="UTC")))
    def timezone(zone, ts):  # type: ignore[no-untyped-def]  # a SQL function: its body never runs
        ...

    return timezone(zone, naive)


def _read_as(column: Any, kind: str) -> Any:
    """A PostgreSQL column of a type ibis misreads (`_read_as_written`) cast to what it holds: money as a decimal,
    padded text and enums as varchar. The cast of an enum, which ibis already types as text, is built as the
    operation itself, which `cast` would drop as a cast to the type the column has."""
    import ibis.expr.datatypes as dt
    import ibis.expr.operations as ops

    if kind == "money":
        return column.cast("decimal")
    return ops.Cast(column, to=dt.string).to_expr()


def _converted(zone: Any, local: str, naive: Any) -> Any:
    """Spark's `convert_timezone(zone, local, ts)`: wall-clock times of `zone` as those of `local`."""
    import ibis
    import ibis.expr.datatypes as dt

    @ibis.udf.scalar.builtin(name="convert_timezone", signature=((dt.string, dt.string, dt.timestamp), dt.timestamp))
    def convert_timezone(zone, local, ts):  # type: ignore[no-untyped-def]  # a SQL function: its body never runs
        ...

    return convert_timezone(zone, local, naive)


def _reads_like(value: str, word: str) -> bool:
    """Whether a value of the data reads like kpiguard's `word`: one of its words starts with it (`Completed`,
    `wc-completed`, `Opened Email`, `clicks`), and none negates it (`not_completed`, `No click`)."""
    import re

    words = re.findall(r"[a-z0-9]+", value.lower())
    return any(w.startswith(word) for w in words) and not any(w in _NEGATIONS for w in words)


_NEGATIONS = {"not", "no", "non", "never", "without", "pas", "sans", "jamais"}


def _means(value: str, beginnings: tuple[str, ...]) -> bool:
    """Whether a value of the data seems to mean a word of kpiguard's: one of its words, accents dropped, starts
    with one of the word's usual beginnings (`Délivré` with `delivr`, `wc-cancelled` with `cancel`), and none
    negates or qualifies it (`Non livré`; Shopify's `partially_refunded` is an order that still counts)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return (any(w.startswith(b) for w in words for b in beginnings)
            and not any(w in _NEGATIONS or w.startswith("partial") for w in words))


def _values_yaml(table: str, column: str, meaning: dict[str, str]) -> str:
    """The data.values entry that reads each value as its canonical one, as a YAML flow mapping."""
    grouped: dict[str, list[str]] = {}
    for value, canonical in meaning.items():
        grouped.setdefault(canonical, []).append(value)
    items = ", ".join(f"{canonical}: [{', '.join(_yaml_text(v) for v in values)}]"
                      for canonical, values in grouped.items())
    return f"values: {{{table}: {{{column}: {{{items}}}}}}}"


def _yaml_text(value: str) -> str:
    """A value as YAML flow text: quoted when plain YAML would read it otherwise."""
    import re

    if re.fullmatch(r"[A-Za-z][\w.-]*( [\w.-]+)*", value) and value.lower() not in ("yes", "no", "on", "off",
                                                                                   "true", "false", "null"):
        return value
    return "'" + value.replace("'", "''") + "'"


# The day numbers of spreadsheets (days since 1899-12-30, in Excel and Google Sheets) from 1950 to 2100: a date
# column the sheet did not format as dates is saved to CSV as these.
_SHEET_EPOCH = date(1899, 12, 30)
_SHEET_DAYS = (18_264, 73_051)


def _sheet_days_hint(lo: int, hi: int) -> str:
    """The way out when integers that are no time look like a spreadsheet's day numbers (45662: 2025-01-05)."""
    if not (_SHEET_DAYS[0] <= lo <= hi <= _SHEET_DAYS[1]):
        return ""
    from datetime import timedelta

    return SHEET_DAYS(lo=lo, first=(_SHEET_EPOCH + timedelta(days=lo)).isoformat())


def _epoch_unit(lo: int, hi: int) -> str | None:
    """The epoch unit of integers from lo to hi, or None when they fit no single unit."""
    return next((unit for unit, start, end in _EPOCH_UNITS if start <= lo and hi < end), None)


def _since_epoch(values: Any, unit: str) -> Any:
    """Integers counted in `unit` (s, ms, us) since 1970-01-01 UTC as the instants they are."""
    import ibis
    import ibis.expr.datatypes as dt

    epoch = ibis.literal("1970-01-01T00:00:00+00:00", type=dt.Timestamp(timezone="UTC"))
    return epoch + values.as_interval(unit)


def _offset_text_instant(text: Any, engine: str) -> Any:
    """Text times with a UTC offset as instants. The offset is written `+01:00` right after the time, the form
    every engine reads: DuckDB reads Shopify's `2025-02-01 00:30:00 +0100` (a space, then `+0100`) as a zone
    name, and Spark reads neither `+0100` nor `+01`."""
    import ibis.expr.datatypes as dt

    group = "$" if engine == "pyspark" else "\\"  # how the engine's regular expressions name a group
    text = text.strip().re_replace(r"\s*([+-]\d{2}):?(\d{2})$", f"{group}1:{group}2")
    text = text.re_replace(r"\s*([+-]\d{2})$", f"{group}1:00")
    return text.cast(dt.Timestamp(timezone="UTC"))


def _time_counts(table: Any, text: Any) -> Any:
    """The one-row aggregate that tells how text times (`text`, trimmed) are written: how many are present, are 8
    digits, epoch digits, carry a UTC offset, have the day and the month first, a two-digit year, a 12-hour clock
    or a month's name, with a sample of each kind."""
    has = text.re_search(_OFFSET_PATTERN)
    present = text.notnull() & (text != "")
    slashed = present & text.re_search(_SLASHED_PATTERN)
    epoch = present & text.re_search(_EPOCH_TEXT_PATTERN)
    spelled = text.re_search(_TWELVE_HOUR_PATTERN) | text.lower().re_search(_MONTH_FIRST) \
        | text.lower().re_search(_DAY_FIRST)
    return table.aggregate(
        n=table.count(where=present), n_ymd=table.count(where=present & text.re_search(r"^\d{8}$")),
        n_epoch=table.count(where=epoch), epoch_sample=text.min(where=epoch), not_epoch=text.min(where=present & ~epoch),
        n_with=table.count(where=has), n_without=table.count(where=~has & present),
        with_offset=text.min(where=has), without=text.min(where=~has & present),
        n_slashed=table.count(where=slashed), n_spelled=table.count(where=spelled),
        short=text.min(where=present & text.re_search(_SHORT_YEAR_PATTERN)))


def _as_numbers_of_time(text: Any, engine: str) -> Any:
    """Text times written with the month's name (English or French) or on a 12-hour clock, in numbers, in the engine:
    `Jan 31, 2025 11:30:00 PM` as `2025-01-31 23:30:00`, `31 January 2025` as `2025-01-31`, `03/15/2025 12:15 AM`
    as `03/15/2025 00:15`. A chain of regular-expression replacements, each reading the text once (the SQL grows
    with the number of months and hours, not with their product), run only on the values that need it."""
    import ibis

    group = "$" if engine == "pyspark" else "\\"  # how the engine's regular expressions name a group
    text = text.strip()
    out = text
    for i, names in enumerate(_MONTH_NAMES, 1):
        word = "(?:" + "|".join(names) + ")"
        out = out.re_replace(rf"(?i)^{word}[.]?\s+{_DAY},?\s+([0-9]{{4}})", f"{group}2-{i:02d}-{group}1")
        out = out.re_replace(rf"(?i)^{_DAY}\s+{word}[.]?,?\s+([0-9]{{4}})", f"{group}2-{i:02d}-{group}1")
    before, after = r"^(.*[^0-9:])", r"(:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?)\s*"
    out = out.re_replace(rf"(?i){before}12{after}a[.]?\s*m[.]?$", f"{group}1" + "00" + f"{group}2")
    for hour in range(1, 12):
        out = out.re_replace(rf"(?i){before}0?{hour}{after}p[.]?\s*m[.]?$", f"{group}1{hour + 12}{group}2")
    out = out.re_replace(rf"(?i){before}([0-9]{{1,2}}){after}[ap][.]?\s*m[.]?$", f"{group}1{group}2{group}3")
    return ibis.ifelse(text.re_search(_TWELVE_HOUR_PATTERN) | text.lower().re_search(_MONTH_FIRST)
                       | text.lower().re_search(_DAY_FIRST), out, text)


def _slashed_as_iso(text: Any, reading: str, engine: str) -> Any:
    """Dates written day first (`dmy`: 25/03/2025 14:02) or month first (`mdy`) rewritten year first
    (2025-03-25 14:02), which every engine casts to a timestamp."""
    group = "$" if engine == "pyspark" else "\\"  # how the engine's regular expressions name a group
    day, month = (1, 2) if reading == "dmy" else (2, 1)
    return text.strip().re_replace(_SLASHED_PATTERN, f"{group}3-{group}{month}-{group}{day}{group}4")


def _amount_parts(values: Any, money: bool, engine: str) -> tuple[Any, Any, Any]:
    """A text amount as (its text trimmed, its currency sign or code or null, its number without the currency and
    the spaces). Only money columns may carry a currency: a quantity written `€3` is no number. A cell that says
    there is no value (`NULL`, `N/A`, `-`, as a database, a spreadsheet or an accounting format writes one) is
    blank, as an empty one: a missing amount."""
    import ibis

    text = values.strip()
    text = ibis.ifelse(text.upper().isin(NO_VALUE), "", text)
    if not money:
        return text, ibis.null("string"), text.re_replace(_NUMBER_SPACES, "")
    group = "$" if engine == "pyspark" else "\\"  # how the engine's regular expressions name a group
    lead = text.re_extract(rf"^[+-]?\s*{_CURRENCY_MARK}", 1).nullif("")
    mark = lead.coalesce(text.re_extract(rf"{_CURRENCY_MARK}$", 1).nullif(""))
    number = text.re_replace(rf"^([+-]?)\s*{_CURRENCY_MARK}", f"{group}1").re_replace(rf"{_CURRENCY_MARK}$", "")
    # a plain number (a warehouse's varchar `1234.50`) has neither a currency nor spaces: the regular expressions
    # over the hundred and eighty currency codes, which PostgreSQL runs again for each time the check names them
    # (52 s over 1.5M amounts), are left to the values that may carry one
    plain = text.re_search(_PLAIN_NUMBER)
    return text, ibis.ifelse(plain, ibis.null("string"), mark), ibis.ifelse(plain, text,
                                                                           number.re_replace(_NUMBER_SPACES, ""))


def _amount_number(digits: Any, style: str) -> Any:
    """A number without spaces as the engine casts it: thousands separators dropped, a decimal point."""
    return digits.replace(",", "") if style == "point" else digits.replace(".", "").replace(",", ".")


def _amount_refusal(rows: list[dict[str, Any]], currency: str) -> tuple[Message, dict[str, Any]] | None:
    """Why a text amount column cannot be read as numbers, from its values per currency written (see
    Source._as_numbers), as a message and its values; None when it can. The engine returns the groups in any
    order: they are read in the order of their currency mark, so that the values named are the same every run."""
    rows = sorted(rows, key=lambda r: (_missing(r["_kg_mark"]), "" if _missing(r["_kg_mark"]) else str(r["_kg_mark"])))

    def first(key: str) -> Any:
        return next((r[key] for r in rows if not _missing(r[key])), None)

    if first("bad") is not None:
        return NOT_A_NUMBER, {"value": first("bad")}
    if first("point") is not None and first("comma") is not None:
        return MIXED_SEPARATORS, {"point": first("point"), "comma": first("comma")}
    if first("point") is None and first("comma") is None and first("either") is not None:
        value = str(first("either"))
        sep = "," if "," in value else "."
        digits = re.sub(r"[^0-9.,+-]", "", value)
        return AMBIGUOUS_SEPARATOR, {"value": value, "sep": sep, "thousands": digits.replace(sep, ""),
                                     "decimal": digits.replace(",", ".")}
    codes: dict[str, list[Any]] = {}
    for row in rows:
        if _missing(row["_kg_mark"]):
            continue
        possible = _CURRENCY_SIGNS.get(str(row["_kg_mark"]), (str(row["_kg_mark"]),))
        code = currency if currency in possible else possible[0]
        seen = codes.setdefault(code, [0, row["sample"]])
        seen[0] += int(row["n"])
    if len(codes) > 1:
        listed = "; ".join((CURRENCY_ROWS if n > 1 else CURRENCY_ROW)(code=code, n=n, value=value)
                           for code, (n, value) in sorted(codes.items()))
        return MIXED_CURRENCIES, {"currencies": listed}
    if codes and currency not in codes:
        (found, (_, value)), = codes.items()
        return OTHER_CURRENCY, {"found": found, "value": value}
    return None


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def same_key_type(left: Any, right: Any, key: str, right_key: str | None = None) -> tuple[Any, Any]:
    """Two tables about to be joined on an id, with the id of one type: an id that one file stores as a number
    and the other as text (order_id 5000 in a WooCommerce orders export, '5000' in its order lines) is compared
    as text on both sides, rather than refused by the engine. Numbers of two kinds compare as they are. The text
    side's numbers are written as the number side writes them: a spreadsheet that saved the orders drops the
    zeros that the lines' `000123` keeps, and the same order must still match (it gave a line revenue of 0).
    A UUID compared with text is compared as its canonical text, in lower case, with the text lowered: a UUID is
    the same whatever the case of its hex digits (PostgreSQL's `'ABC...'::uuid` equals `'abc...'`), and order
    lines that write their order's UUID in upper case were left out of the line revenue."""
    right_key = right_key or key
    left_uuid, right_uuid = left[key].type().is_uuid(), right[right_key].type().is_uuid()
    if left_uuid != right_uuid:
        left = left.mutate(**{key: left[key].cast("string").lower()})
        right = right.mutate(**{right_key: right[right_key].cast("string").lower()})
        return left, right
    left_text, right_text = left[key].type().is_string(), right[right_key].type().is_string()
    if left_text == right_text:
        return left, right
    if not left_text:
        left = left.mutate(**{key: left[key].cast("string")})
        right = right.mutate(**{right_key: _as_number_text(right[right_key])})
    if not right_text:
        right = right.mutate(**{right_key: right[right_key].cast("string")})
        left = left.mutate(**{key: _as_number_text(left[key])})
    return left, right


def _as_number_text(text: Any) -> Any:
    """Text ids that are whole numbers written as a number column writes them (`000123` as `123`, and `123.0`, as
    a CSV written from pandas writes ids of a column with gaps, read as text since a double would lose the digits
    of longer ids); others as they are. Only digits that fit a 64-bit integer are converted, so that the cast
    never fails."""
    import ibis

    return ibis.cases((text.re_search(r"^[0-9]{1,18}(\.0+)?$"),
                       text.re_replace(r"\.0+$", "").cast("int64").cast("string")), else_=text)


# What an export writes in a cell without a value, upper-cased: read as a blank where kpiguard reads text as numbers.
NO_VALUE = ("NULL", "N/A", "NA", "#N/A", "NONE", "NAN", "-", "--", "\u2013", "\u2014")
# Money columns: added up as decimals when a file stores them as floating-point numbers (every CSV reader does).
MONEY_COLUMNS = {"orders": ("revenue", "margin"), "order_lines": ("revenue",)}
# Digits after the point that a floating-point amount keeps (62.96 is 62.960000000): sums are then exact.
MONEY_SCALE = 9


def _money_as_decimals(money: tuple[str, ...], table: Any, *, nan: bool = True) -> Any:
    """The table with its floating-point money columns read as decimals. A CSV's `62,96` is a binary float close
    to 62.96, and the engine's sum of thousands of them prints as 465150.1600000015 in a CSV or JSON result; as
    decimals they add up to the cent (465150.16), as the amounts of a Parquet DECIMAL column do."""
    import ibis
    import ibis.expr.datatypes as dt

    def exact(column: Any) -> Any:
        # a NaN (pandas' missing value) cannot be cast to a decimal: it is a missing amount (see _nan_as_missing);
        # `nan` False: the engine's floats hold none (SQLite stores NULL) and it has no ISNAN
        value = ibis.ifelse(column.isnan(), ibis.null(), column) if nan else column
        if column.type().is_float32():
            # a single-precision amount (PostgreSQL's `real`, a float32 Parquet column) is read as the number it
            # prints as (19.99): its binary value is 19.9899997711 (DuckDB's cast), and PostgreSQL's cast keeps 6
            # digits (12345.67 as 12345.7); every engine prints the same shortest text, read exactly
            value = value.cast("string")
        return value.cast(dt.Decimal(38, MONEY_SCALE))

    floats = {c: exact(table[c]) for c in money
              if c in table.columns and table[c].type().is_floating()}
    return table.mutate(**floats) if floats else table


def _renamed(table: Any, renames: dict[str, str]) -> Any:
    """The table with each mapped user column under its canonical name, in place. A user column may serve two
    canonical names (visitor_id and customer_id both read from one `client` column); a user column whose name
    is a canonical name being mapped onto is dropped."""
    columns: dict[str, Any] = {}
    for column in table.columns:
        sources = [canonical for canonical, user in renames.items() if user == column]
        if sources:
            columns.update({canonical: table[column] for canonical in sources})
        elif column not in renames:
            columns[column] = table[column]
    return table.select(**columns)


def _as_text_when_unknown(table: Any) -> Any:
    """The table with each column of a type ibis does not know read as its text: a PostgreSQL enum (an order
    status, an e-mail event kind), `citext` or a domain compares with 'completed' as text does in SQL; kept as
    it is, it could be compared with nothing."""
    unknown = {c: table[c].cast("string") for c, t in table.schema().items() if t.is_unknown()}
    return table.mutate(**unknown) if unknown else table


_SAMPLE_ROWS = 1000
# The names a CSV reader gives the columns of a header cell left empty, and how many lines are read to find a
# header written below a title (see Source._title_lines).
_AUTO_NAME = re.compile(r"column\d+")
TITLE_SCAN = 30
_NUMBER_CELL = re.compile(r"[-+]?[0-9][0-9.,\s]*")
# The byte order marks of UTF-16 text, little and big endian.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _first_file(path: str) -> Path | None:
    """The file a path names, or the first of a glob's (the one a CSV reader sniffs)."""
    import glob

    if not any(ch in path for ch in "*?["):
        return Path(path)
    return next((Path(p) for p in sorted(glob.glob(path, recursive=True)) if Path(p).is_file()), None)
# The UTF-8 byte order mark as Latin-1 reads it.
_LATIN1_BOM = "\u00ef\u00bb\u00bf"


def _decimal_comma_columns(table: Any) -> list[str]:
    """The text columns whose sampled values are all numbers written with a decimal comma (`-62,96`), one of
    which at least cannot be a number with a thousands separator: a column of `1,234` and `2,000` could be
    either, and is left as text for the amounts' own reading to refuse (see Source._as_numbers)."""
    texts = [c for c, t in table.schema().items() if t.is_string()]
    if not texts:
        return []
    sample = table.select(*texts).limit(_SAMPLE_ROWS).execute()
    pattern = re.compile(r"^\s*-?\d+,\d+\s*$|^\s*-?\d+\s*$")
    thousands = re.compile(r"^\s*-?[1-9]\d{0,2}(,\d{3})+\s*$")
    found = []
    for column in texts:
        values = [v for v in sample[column].tolist() if isinstance(v, str) and v.strip()]
        if values and all(pattern.match(v) for v in values) \
                and any("," in v and not thousands.match(v) for v in values):
            found.append(column)
    return found


_LATE_CSV = re.compile(r"CSV Error on Line: (\d+).*?converting column \"(.*?)\"\. Could not convert string "
                       r"\"(.*?)\" to '(\w+)'.*?\bfile = ([^\n]+)", re.DOTALL)


def late_csv_value(text: str) -> str | None:
    """DuckDB's error on a CSV row whose value does not fit the type the reader guessed from the file's first rows
    (`12,50` after 30,000 whole euros, a `06/01/2025` among ISO dates), said with the line, the column and the
    value, or None for any other error."""
    match = _LATE_CSV.search(text)
    if match is None:
        return None
    line, column, value, dtype, file = match.groups()
    return LATE_CSV_VALUE(line=int(line), column=column, value=value, type=dtype, file=file.strip())


def engine_reason(exc: Exception) -> tuple[str, bool]:
    """The engine's reason for refusing a query, with the way out when it says what it is (a `statement_timeout`,
    a table the user may not read), and whether it did: such a reason is about the query, not the data's values."""
    reason = _first_line(exc)
    if any(words in reason.lower() for words in ("permission denied", "insufficient privilege", "access denied")):
        return reason + NO_GRANT(), True
    hinted = with_timeout_hint(reason)
    return hinted, hinted != reason


def with_timeout_hint(reason: str) -> str:
    """An engine's reason, with the way out when the server stopped the query at its `statement_timeout`."""
    return reason + TIMED_OUT() if "statement timeout" in reason.lower() else reason


def _with_lock_hint(reason: str) -> str:
    """A DuckDB file that another process holds open for writing (dbt in the middle of a run, a notebook)
    cannot be opened even read-only: say what to do rather than only the engine's words."""
    return reason + LOCKED() if "could not set lock" in reason.lower() else reason


def _with_login_hint(reason: str) -> str:
    """A server that refused the user's password: say what to check, since a password holding `@`, `:`, `/`, `#`
    or `%` written as it is in the URL reaches the server cut or changed."""
    refused = ("password authentication failed", "no password supplied", "authentication failed")
    return reason + LOGIN_REFUSED() if any(words in reason.lower() for words in refused) else reason


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def reads_files(spec: Spec, table: str) -> bool:
    """Whether the table is read from a data file (the embedded engine's default), not from a database."""
    engine = (spec.data.engine or "duckdb").strip()
    value = spec.data.tables.get(table, "")
    return engine in ("duckdb", "duckdb://", "duckdb://:memory:") or _looks_like_file(value)


def _looks_like_file(value: str) -> bool:
    lowered = value.lower().split("::")[0]
    return lowered.endswith(FILE_SUFFIXES + (".duckdb", ".db", ".ddb")) or "/" in lowered


def data_paths(spec: Spec) -> list[Path]:
    """The files and folders the spec's data is read from: tables given as paths, a database file as engine.
    An --out must not be one of them (data is only ever read)."""
    values = [value.split("::")[0] for value in spec.data.tables.values() if _looks_like_file(value)]
    engine = spec.data.engine or ""
    if "://" not in engine and engine.lower().endswith(DATABASE_FILES):
        values.append(engine)
    return [_resolve(spec, value) for value in values]


def _resolve(spec: Spec, value: str) -> Path:
    from kpiguard._io import expand_home

    path = expand_home(value)  # `~nosuchuser/orders.parquet` is a file not found, not a RuntimeError
    if not path.is_absolute() and spec._path:
        path = Path(spec._path).resolve().parent / path
    return path


# Query parameters of a connection URL that hold a secret (`?user=x&password=...`, `sslpassword`, a service's
# `motherduck_token`, `client_secret`).
_SECRET_PARAM = re.compile(r"([?&][^&=#]*(?:password|passwd|pwd|token|secret)[^&=#]*=)([^&#]*)", re.IGNORECASE)


def _redact(url: str) -> str:
    """A connection URL without its password (in its address or as a query parameter), for messages."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "<engine>"
    if parts.password and not _ENV_REF.fullmatch(parts.password):  # `${PASSWORD}` says where it comes from
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        url = urlunsplit(parts._replace(netloc=netloc))
    return _SECRET_PARAM.sub(lambda m: m.group(1) + (m.group(2) if _ENV_REF.fullmatch(m.group(2)) else "***"), url)


def _secrets(url: str) -> set[str]:
    """The secrets a connection URL holds, as written and decoded: its password and its secret parameters."""
    from urllib.parse import urlsplit

    try:
        found = [urlsplit(url).password or ""]
    except ValueError:
        found = []
    found += [m.group(2) for m in _SECRET_PARAM.finditer(url)]
    return {form for secret in found if secret for form in (secret, unquote(secret)) if form}


def _redact_text(text: str, url: str) -> str:
    """A driver's message without the URL's secrets, should the driver echo them (or the whole URL)."""
    from kpiguard.spec.loader import hide_password

    for form in sorted(_secrets(url), key=len, reverse=True):
        text = text.replace(form, "***")
    return hide_password(text)


def _tables_loc(spec: Spec) -> Location | None:
    return spec.data.loc_of("tables") or spec.data.loc or spec.loc


def _spec_loc(spec: Spec, path: tuple, *, value: bool = False) -> Location | None:
    """The location of a YAML path in the spec file (re-read on error only), else the closest known one: its key,
    or with `value` its value (an expression, whose errors point inside it from there)."""
    if spec._path:
        try:
            from kpiguard.errors import DiagnosticBag
            from kpiguard.spec.yamlsource import read_yaml

            text = Path(spec._path).read_text(encoding="utf-8")
            _, smap = read_yaml(text, spec._path, DiagnosticBag())
            for end in range(len(path), 0, -1):
                if path[:end] in smap.values:
                    if value and end == len(path):
                        return smap.values[path]
                    return smap.keys.get(path[:end]) or smap.values[path[:end]]
        except Exception:  # noqa: BLE001, S110 - a location is a nicety; never fail the error itself
            pass
    return _tables_loc(spec)


def table_location(spec: Spec, table: str) -> Location | None:
    return _spec_loc(spec, ("data", "tables", table))


def connect(spec: Spec) -> Source:
    """Open the spec's engine once; the Source is reusable across `compute` calls."""
    from kpiguard.metrics.progress import query_progress

    engine = (spec.data.engine or "duckdb").strip()
    with query_progress(CONNECTING(engine=_redact(engine)), enabled=False):  # a Spark session takes seconds
        return _connect(spec, engine)


# `${NAME}` in `data.engine`: a secret (a password, a token) kept out of the spec file, read from the environment.
_ENV_REF = re.compile(r"\$\{([^}]*)\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def expand_env(engine: str, loc: Location | None) -> str:
    """The engine with each `${NAME}` replaced by that environment variable. Inside a URL the value is
    percent-encoded (a password with `@` or `/` must not break the URL); a reference that is the whole engine
    (`${DATABASE_URL}`) is taken as written. An unset variable is an error naming it, never an empty password."""
    whole = _ENV_REF.fullmatch(engine) is not None

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not _ENV_NAME.fullmatch(name):
            raise DataError(Diagnostic(BAD_ENV_NAME(name=name), loc, code="data"))
        found = os.environ.get(name)
        if found is None:
            raise DataError(Diagnostic(UNSET_ENV(name=name), loc, code="data"))
        if whole:
            # a URL read from a .env file may keep the blanks or the '\r' around it; none belongs to a URL
            found = found.strip()
            if not found:
                raise DataError(Diagnostic(EMPTY_ENV(name=name), loc, code="data"))
            return found
        return quote(found, safe="")

    return _ENV_REF.sub(value, engine)


def _connect(spec: Spec, engine: str) -> Source:
    loc = spec.data.loc_of("engine") or spec.data.loc or spec.loc
    shown, engine = engine, expand_env(engine, loc)
    _check_url(engine, loc, whole=engine != shown)
    try:
        if engine in ("duckdb", "duckdb://", "duckdb://:memory:"):
            return _duckdb(spec)
        if engine.startswith("pyspark"):
            return Source(spec, _pyspark(spec, engine), "pyspark")
        if "://" not in engine and engine.lower().endswith(DATABASE_FILES):
            con, backend = _database_file(spec, engine, loc)
            _session_setup(con, backend, spec)
            source = Source(spec, con, backend)
            source.search_files_in(_resolve(spec, engine).resolve().parent)
            return source
        import ibis

        con = ibis.connect(_with_connect_timeout(_without_driver(engine)))
        backend = con.name
        _session_setup(con, backend, spec)
        return Source(spec, con, backend)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - an unreachable engine is a user-facing data error
        reason = _with_login_hint(_with_lock_hint(
            _redact_text(_first_line(exc), engine).replace(_redact(engine), _redact(shown))))
        raise DataError(Diagnostic(CANNOT_CONNECT(engine=_redact(shown), reason=reason),
                                   loc, code="data")) from None


def _check_url(engine: str, loc: Location | None, *, whole: bool) -> None:
    """An engine read from the environment (`whole`) is checked as the loader checks one written in the spec: a
    scheme that no backend has (`postgres//...`, a libpq `host=... password=...` string) is refused, its
    password hidden. Any URL whose user or password holds an unencoded `@`, `/` or `#`, which cuts it elsewhere
    (the driver would then look for a host named after the end of the password), is refused too."""
    from urllib.parse import urlsplit

    from kpiguard.spec.loader import UNKNOWN_ENGINE, unknown_engine

    problem = unknown_engine(engine) if whole else None
    if problem is not None:
        raise DataError(Diagnostic(UNKNOWN_ENGINE(**problem), loc, code="data"))
    try:
        parts = urlsplit(engine.strip())
    except ValueError:
        return  # the driver says what is wrong with it
    if "://" in engine and (parts.fragment or "@" in parts.path):
        raise DataError(Diagnostic(NOT_ENCODED(example="postgres://user:${DB_PASSWORD}@host:5432/db"), loc,
                                   code="data"))


# Seconds to wait for a PostgreSQL server to answer: libpq waits for ever by default, and a host behind a firewall
# that drops packets would hang kpiguard for minutes before the first message. A URL's own connect_timeout wins.
PG_CONNECT_TIMEOUT = 15


def _without_driver(url: str) -> str:
    """A SQLAlchemy URL (`postgresql+psycopg2://...`, as an application's DATABASE_URL often is) without its
    driver, which ibis chooses itself."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}" if sep and "+" in scheme else url


def _with_connect_timeout(url: str) -> str:
    """The URL with a connect_timeout when it is a PostgreSQL one that sets none."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("postgres", "postgresql") or "connect_timeout=" in rest:
        return url
    return f"{url}{'&' if '?' in rest else '?'}connect_timeout={PG_CONNECT_TIMEOUT}"


def _database_file(spec: Spec, engine: str, loc: Location | None) -> tuple[Any, str]:
    """A database file named by `data.engine`, relative to the spec like every path of it, opened read-only:
    a missing file is an error (a database engine would create it empty, a write to the user's folder)."""
    import ibis

    path = _resolve(spec, engine)
    if not path.is_file():
        raise DataError(Diagnostic(NO_ENGINE_FILE(path=path), loc, code="data"))
    with path.open("rb") as handle:
        header = handle.read(16)
    if header.startswith(SQLITE_MAGIC):
        import sqlite3

        return ibis.sqlite.from_connection(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)), "sqlite"
    return ibis.duckdb.connect(path, read_only=True), "duckdb"


def _duckdb(spec: Spec) -> Source:
    import ibis

    con = ibis.duckdb.connect()
    con.raw_sql(f"SET TimeZone = '{_tz(spec)}'")
    con.raw_sql("SET enable_progress_bar = false")  # kpiguard shows its own progress, on stderr, when slow
    _parquet_nan(con)
    return Source(spec, con, "duckdb", files=True)


# Parquet files leave NaN out of a float column's min and max, and DuckDB takes them to mean that the column
# holds no NaN: it then folds `ISNAN(amount)` to false, and a NaN amount stays in a sum. kpiguard's scans prune on
# times, never on amounts, so telling DuckDB that floats can be NaN costs nothing.
PARQUET_NAN = "SET parquet_can_have_nan = true"


def _parquet_nan(con: Any) -> None:
    import contextlib

    with contextlib.suppress(Exception):  # a DuckDB without the setting reads NaN as it does
        con.raw_sql(PARQUET_NAN)


def _tz(spec: Spec) -> str:
    from zoneinfo import ZoneInfo

    ZoneInfo(spec.timezone)  # validated by the spec model already; belt and braces before it reaches SQL
    if not all(ch.isalnum() or ch in "/_+-" for ch in spec.timezone):
        raise ValueError(spec.timezone)
    return spec.timezone


def _session_setup(con: Any, backend: str, spec: Spec) -> None:
    tz = _tz(spec)
    if backend == "postgres":
        con.raw_sql(f"SET TIME ZONE '{tz}'")
        if spec.data.read_only:
            con.raw_sql("SET default_transaction_read_only = on")
    elif backend == "duckdb":
        con.raw_sql(f"SET TimeZone = '{tz}'")
        _parquet_nan(con)


_SPARK: dict[str, Any] = {}


def _pyspark(spec: Spec, engine: str) -> Any:
    """A local Spark session (shared by the process: starting one costs seconds), through ibis' backend."""
    import ibis

    session = _SPARK.get("session")
    if session is None:
        from pyspark.sql import SparkSession

        master = "local[2]"
        rest = engine.split("://", 1)[1] if "://" in engine else ""
        if rest and rest not in ("local", ""):
            master = rest if rest.startswith(("local", "spark:", "yarn")) else master
        quiet = Path(__file__).with_name("spark-log4j2.properties").as_uri()
        session = (SparkSession.builder.master(master).appName("kpiguard")
                   .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet}")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.ui.enabled", "false")
                   # kpiguard shows its own progress; Spark's stage bars would garble it on stderr
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.memory", "1g")
                   .config("spark.sql.ansi.enabled", "false")
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        _SPARK["session"] = session
    con = ibis.pyspark.connect(session)
    # after connect: ibis sets the session to UTC; periods are read in the spec's timezone instead
    session.conf.set("spark.sql.session.timeZone", _tz(spec))
    return con


# --- bounds of the data ------------------------------------------------------------------------------------------

def data_bounds(spec: Spec, source: Source | None = None) -> tuple[date | None, date | None]:
    """First and last local dates of the data: of `orders` when mapped, else over every mapped timed table."""
    source = source or connect(spec)
    names = ["orders"] if "orders" in spec.data.tables else [n for n in spec.data.tables if n in TIME_COLUMNS]
    first: date | None = None
    last: date | None = None
    for name in names:
        lo, hi = table_bounds(spec, source, name)
        if lo is not None:
            first = lo if first is None else min(first, lo)
        if hi is not None:
            last = hi if last is None else max(last, hi)
    return first, last


def table_bounds(spec: Spec, source: Source, name: str) -> tuple[date | None, date | None]:
    """First and last local dates of one timed table (one aggregate: the engine's min and max)."""
    from kpiguard.metrics.progress import query_progress

    column = TIME_COLUMNS[name]
    table = source.require(name, [column], metric="data_bounds")
    local = source.local_time(table, column, table_name=name)
    try:
        with query_progress(READING_DATES(table=name), enabled=False):
            row = source.execute(table.aggregate(lo=source.naive(local.min()), hi=source.naive(local.max())))
    except KpiguardError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine refusing the user's time column is a data error
        late = late_csv_value(str(exc))
        if late is not None:  # a CSV row the reader cannot type: said as it is, whichever column it is in
            raise DataError(Diagnostic(late, table_location(spec, name), code="data")) from None
        reason, known = engine_reason(exc)  # a table the user may not read: no advice about its values
        if "infinity" in reason.lower():  # psycopg cannot turn PostgreSQL's endless times into dates
            raise DataError(Diagnostic(ENDLESS_DATES(table=name, column=source.user_column(name, column),
                                                     canonical=column),
                                       table_location(spec, name), code="data")) from None
        said = CANNOT_READ_DATES if known else BAD_TIME_VALUES
        raise DataError(Diagnostic(said(table=name, column=source.user_column(name, column), reason=reason),
                                   table_location(spec, name), code="data")) from None
    lo, hi = _as_date(row["lo"].iloc[0]), _as_date(row["hi"].iloc[0])
    _within_years(spec, source, name, column, lo, hi)
    return lo, hi


# Tables whose rows are the shop's activity, day by day (not a catalog's launch dates nor stock snapshots).
ACTIVITY_TABLES = ("orders", "sessions", "email_events")


def activity_days(spec: Spec, source: Source | None = None, tables: tuple[str, ...] | None = None) -> list[date]:
    """The local days with at least one row in an activity table (orders, sessions, e-mail events; or in those of
    `tables`), sorted: where the data is quiet, and for how long in a row, to tell a quiet end of month from the
    end of an export, or a closed week from a hole in it."""
    from kpiguard.metrics.progress import query_progress

    source = source or connect(spec)
    days: set[date] = set()
    for name in (n for n in (tables or ACTIVITY_TABLES) if n in spec.data.tables and n in TIME_COLUMNS):
        column = TIME_COLUMNS[name]
        try:
            table = source.require(name, [column], metric="data_bounds")
            instant = source.local_time(table, column, table_name=name)
            with query_progress(READING_DATES(table=name), enabled=False):
                if source.engine == "duckdb" and instant.type().is_timestamp() and instant.type().timezone:
                    days.update(_instant_days(source, table, instant, spec.timezone))
                    continue
                local = source.naive(instant)
                day = local.date() if local.type().is_timestamp() else local
                found = source.execute(table.select(day=day).distinct())
        except Exception:  # noqa: BLE001, S112 - a table no KPI may need (missing file, bad times) is skipped
            # (the metrics that need it say why; its days are simply not known: the others decide)
            continue
        days.update(d for d in (_as_date(v) for v in found["day"]) if d is not None)
    return sorted(days)


# Every time zone's offset from UTC is a whole number of quarter hours (India +5:30, Nepal +5:45).
QUARTER_HOUR = 900


def utc_epoch(instant: Any) -> Any:
    """DuckDB's epoch of an instant, seconds since 1970-01-01 UTC, read from the instant itself: ibis' own
    epoch_seconds converts each instant to local time first, which costs a time zone conversion per row (about 1 s
    of CPU on 10M orders, against 0.2 s)."""
    import ibis
    import ibis.expr.datatypes as dt

    def epoch(value):  # typed below: this module's annotations are strings, which ibis cannot resolve
        """DuckDB's epoch of an instant: seconds since 1970-01-01 UTC."""

    epoch.__annotations__ = {"value": dt.Timestamp(timezone="UTC"), "return": dt.float64}
    return ibis.udf.scalar.builtin(epoch)(instant)


def _instant_days(source: Source, table: Any, instant: Any, zone: str) -> set[date]:
    """The local days of instants on DuckDB: their distinct UTC quarter hours, read by the engine from the epoch
    (about 3 times cheaper than converting every row to a local date; ibis' own epoch_seconds converts first),
    each then dated in `zone` here."""
    from zoneinfo import ZoneInfo

    found = source.execute(table.select(q=(utc_epoch(instant) // QUARTER_HOUR).cast("int64")).distinct())
    tz = ZoneInfo(zone)
    return {datetime.fromtimestamp(int(q) * QUARTER_HOUR, tz).date() for q in found["q"].dropna()}


def _head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file, uncompressed when it is gzipped (never the whole of a data file: they are
    hundreds of megabytes)."""
    if path.suffix.lower() == ".gz":
        import gzip

        try:
            with gzip.open(path, "rb") as stream:
                return stream.read(size)
        except (OSError, EOFError):
            return b"?"  # not gzip after all, or cut short: the engine says what is wrong with it
    with path.open("rb") as stream:
        return stream.read(size)


def _data_suffix(path: Path) -> str:
    """The suffix that says how a data file is read, past a compression: `.csv` for `orders.csv.gz`."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in COMPRESSIONS:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def _folder_kinds(folder: Path) -> list[str]:
    """The kinds of data files a folder holds at any depth, by their full suffix (`.parquet`, `.csv`, `.csv.gz`),
    most frequent first. Hidden files and folders and Spark's or Delta's own (`_SUCCESS`, `_delta_log`) are not
    data, nor are text files (a README.txt) beside data files; a folder of text files alone is data (Salesforce
    Marketing Cloud's tab-separated `tracking_extract.txt`, read as CSV)."""
    from collections import Counter

    found: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    for file in folder.rglob("*"):
        parts = file.relative_to(folder).parts
        if any(p.startswith((".", "_")) for p in parts) or not file.is_file():
            continue
        if _data_suffix(file) in FILE_SUFFIXES:
            kind = "".join(file.suffixes[-2:]).lower() if file.suffix.lower() in COMPRESSIONS else file.suffix.lower()
            (texts if _data_suffix(file) == ".txt" else found)[kind] += 1
    return [kind for kind, _ in (found or texts).most_common()]


def _within_years(spec: Spec, source: Source, name: str, column: str, lo: date | None, hi: date | None) -> None:
    """Refuse data whose last day is outside the years kpiguard reads (a 9999-12-31 placeholder, every row at
    0001-01-01): it would be the review date, and the periods around it leave the calendar. Early dates among
    later ones only widen the data."""
    from kpiguard.spec.periods import FIRST_YEAR, LAST_YEAR

    if hi is None or FIRST_YEAR <= hi.year <= LAST_YEAR:
        return
    raise DataError(Diagnostic(DATES_OUT_OF_YEARS(table=name, column=source.user_column(name, column), first=lo,
                                                  last=hi, low=FIRST_YEAR, high=LAST_YEAR),
                               table_location(spec, name), code="data"))


def _as_date(value: Any) -> date | None:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()
