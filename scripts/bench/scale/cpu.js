'use strict';

/**
 * CPU readings for the scale benchmark. The backend's own CPU comes from `process.cpuUsage()`
 * in the child (the `cpu` IPC command). SQLite in memory works inside that process, so its cost
 * is already counted there; PostgreSQL works in its own server processes, whose CPU is read here
 * from /proc so the notes can show it.
 */

const fs = require('node:fs');

const CLK_TCK = 100; // Linux USER_HZ, for /proc/<pid>/stat

function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** CPU of the PostgreSQL server processes serving the bench's databases (Linux only). */
function postgresCpu(admin, prefix) {
  if (!admin) return async () => undefined;
  return async () => {
    const { rows } = await admin.raw('SELECT pid FROM pg_stat_activity WHERE datname LIKE ?', [`${prefix}%`]);
    const out = new Map();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) out.set(pid, ms);
    }
    return out;
  };
}

/** Milliseconds of user + system CPU between two `process.cpuUsage()` readings (microseconds). */
function cpuDelta(before, after) {
  return (after.user - before.user + after.system - before.system) / 1000;
}

/** Milliseconds of database server CPU between two `postgresCpu` readings; undefined on SQLite. */
function dbCpuDelta(before, after) {
  if (!before || !after) return undefined;
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

module.exports = { postgresCpu, cpuDelta, dbCpuDelta };
