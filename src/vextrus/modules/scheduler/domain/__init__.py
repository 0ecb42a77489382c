"""Pure rules of the scheduler: cron expressions in Asia/Dhaka time, schedules, retry backoff."""
