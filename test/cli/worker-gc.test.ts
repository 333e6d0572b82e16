/** pipeline/cli/worker-gc.ts: a kept worker collects its garbage when the build has ended, never during a job. */
import { describe, expect, it, vi } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { COLLECT, isCollectRequest, takeJobs, workerCollector } from '../../pipeline/cli/worker-gc.js';

describe('the worker collector', () => {
  it('collects when asked between jobs, and once the running jobs have ended when asked during one', () => {
    const gc = vi.fn();
    const collector = workerCollector(gc);
    collector.jobStarted();
    collector.jobEnded();
    collector.asked();
    expect(gc).toHaveBeenCalledTimes(1);
    collector.jobStarted();
    collector.jobStarted(); // two drawings at once (the notice's charts, then the rest)
    collector.asked();
    collector.asked();
    collector.jobEnded();
    expect(gc).toHaveBeenCalledTimes(1);
    collector.jobEnded();
    expect(gc).toHaveBeenCalledTimes(2); // one collection for the two requests
    collector.jobStarted();
    collector.jobEnded();
    expect(gc).toHaveBeenCalledTimes(2); // a job alone asks for nothing
  });

  it('does not collect when no job ran since it last collected (a build that reused the charts drawn before)', () => {
    const gc = vi.fn();
    const collector = workerCollector(gc);
    collector.asked();
    expect(gc).not.toHaveBeenCalled();
    collector.jobStarted();
    collector.jobEnded();
    collector.asked();
    collector.asked();
    expect(gc).toHaveBeenCalledTimes(1);
  });

  it('does nothing where Node has no gc (started without --expose-gc)', () => {
    const collector = workerCollector(undefined);
    collector.jobStarted();
    collector.jobEnded();
    expect(() => collector.asked()).not.toThrow();
  });

  it('tells the request from a job', () => {
    expect(isCollectRequest(structuredClone(COLLECT))).toBe(true);
    expect(isCollectRequest({ id: 1, charts: [] })).toBe(false);
    expect(isCollectRequest(null)).toBe(false);
  });
});

describe('a worker’s message loop', () => {
  it('runs each job and collects when asked, after the job running has ended', async () => {
    const { port1, port2 } = new MessageChannel();
    const gc = vi.fn();
    const jobs: number[] = [];
    let finish = () => undefined as void;
    const ended = new Promise<void>((done) => {
      finish = done;
    });
    takeJobs<{ id: number }>(
      port1,
      async (job) => {
        jobs.push(job.id);
        await ended;
      },
      workerCollector(gc),
    );
    const delivered = () => new Promise((done) => setTimeout(done, 20));
    port2.postMessage({ id: 7 });
    port2.postMessage(COLLECT);
    await delivered();
    expect(jobs).toEqual([7]);
    expect(gc).not.toHaveBeenCalled(); // not while the job runs
    finish();
    await delivered();
    expect(gc).toHaveBeenCalledTimes(1);
    port1.close();
  });
});
