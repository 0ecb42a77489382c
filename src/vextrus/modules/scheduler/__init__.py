"""Scheduler: the background jobs users operate — cron schedules in Asia/Dhaka time, interval and one-off
jobs for the actions modules declare, pause/resume/run-now, retries with backoff, timeouts, an execution
history with lag, duration and error; a planned run starts once however many workers tick (a claim row
unique per job and planned time). Built on huey (platform/jobs.py): its `scheduler.tick` job runs every
minute."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.scheduler"

MODULE = Module(
    name="scheduler",
    title="Scheduled jobs",
    title_bn="নির্ধারিত কাজ",
    permissions=(
        Permission("scheduler.job.view", "View scheduled jobs and their history", "নির্ধারিত কাজ ও ইতিহাস দেখা"),
        Permission("scheduler.job.manage", "Create, change, pause and resume scheduled jobs",
                   "নির্ধারিত কাজ তৈরি, পরিবর্তন, বিরতি ও পুনরারম্ভ"),
        Permission("scheduler.job.run", "Run a job now", "কাজ এখনই চালানো"),
    ),
    nav=(NavItem("Jobs", "কাজসমূহ", "/scheduler", "scheduler.job.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    jobs=f"{_P}.jobs:JOBS",
    job_runner=f"{_P}.jobs:run_declared",
)
