import "server-only";

import { sql } from "kysely";

import type { Db } from "@/lib/db/connection";

/**
 * Fills a migrated database with a fleet at scale, in a few set-based statements (a recursive
 * series, so SQLite and PostgreSQL take the same SQL): `systems` systems s1..sN with `backups`
 * history rows spread over them (two of three succeeded, over days 01..09 of January 2025), and
 * `bigSystemBackups` rows for one more system, "sbig", for exports. The rows go in sorted by
 * system and start, the order of the history indexes, which more than halves the time a million
 * take (about 9 s on SQLite and 17 s on PostgreSQL on 2 cores, against 20 s and 29 s unsorted).
 */
export async function seedFleet(
  db: Db,
  { systems, backups, bigSystemBackups = 0 }: { systems: number; backups: number; bigSystemBackups?: number },
): Promise<void> {
  await sql`
    insert into storage_systems (id, name, base_url, trust_kind, ca_certificate_pem, created_at, updated_at)
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${sql.lit(systems)})
    select 's' || n, 'system ' || n, 'https://192.0.2.1/ConfigurationManager', 'ca', 'x',
      '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'
    from seq`.execute(db);
  await insertBackups(db, backups, sql`'s' || (1 + n % ${sql.lit(systems)})`, "b");
  if (bigSystemBackups > 0) {
    await sql`
      insert into storage_systems (id, name, base_url, trust_kind, ca_certificate_pem, created_at, updated_at)
      values ('sbig', 'big system', 'https://192.0.2.2/ConfigurationManager', 'ca', 'x',
        '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`.execute(db);
    await insertBackups(db, bigSystemBackups, sql`'sbig'`, "g");
  }
  await sql`analyze`.execute(db);
}

async function insertBackups(db: Db, count: number, systemId: ReturnType<typeof sql>, prefix: string) {
  if (count <= 0) return;
  await sql`
    insert into backups (id, system_id, username, status, started_at, finished_at, heartbeat_at, instance_id,
      bytes, sha256, file_name, duration_ms, model, serial_number, microcode)
    select * from (
      with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${sql.lit(count)})
      select ${sql.lit(prefix)} || n as id, ${systemId} as system_id,
        case when n % 2 = 0 then 'olivia' else 'oscar' end as username,
        case when n % 3 = 0 then 'failed' else 'succeeded' end as status,
        '2025-01-0' || (1 + n % 9) || 'T00:00:' || (10 + n % 50) || '.000Z' as started_at,
        '2025-01-0' || (1 + n % 9) || 'T00:01:00.000Z' as finished_at, '2025-01-01T00:00:00.000Z' as heartbeat_at,
        'bench' as instance_id, 4096 as bytes,
        '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' as sha256,
        'key file ' || n || '.ekf' as file_name, 1200 as duration_ms, 'VSP E990' as model,
        412345 as serial_number, '93-07-01-80/00' as microcode
      from seq
    ) as rows_to_insert
    order by system_id, started_at`.execute(db);
}
