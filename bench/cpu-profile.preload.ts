/**
 * Optional preload for the certplane process (`node -r dist/bench/cpu-profile.preload.js`), used when the
 * benchmark runs with BENCH_CPU_PROFILE=<file>. The first SIGWINCH starts V8's sampling profiler, the second
 * stops it and writes a .cpuprofile (loadable in Chrome DevTools) to BENCH_CPU_PROFILE_OUT, so only the
 * measured window is profiled rather than startup and shutdown. SIGWINCH because Nest's shutdown hooks
 * (app.enableShutdownHooks()) close the app on SIGUSR2 and the other usual signals, and SIGUSR1 starts
 * node's inspector; SIGWINCH is ignored by default, so a stray one does no harm.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.BENCH_CPU_PROFILE_OUT;
if (out) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (!err && result?.profile) writeFileSync(out, JSON.stringify(result.profile));
    });
  });
}
