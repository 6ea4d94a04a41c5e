/** The backup password of the demo's own backups (printed, so the files can be restored in a lab). */
export const DEMO_BACKUP_PASSWORD = "Demo-Backup-Pass1";

/** How far back the demo dates the VSP 5500's one backup, so the fleet shows an overdue system. */
export const OVERDUE_DAYS = 45;
