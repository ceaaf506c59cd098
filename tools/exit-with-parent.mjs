// Loaded into a program tools/run-cli.mjs starts through tsx: when the wrapper goes (kill -9 of
// the pid `npm run` reports, a closed terminal), the program is told to stop as if the wrapper
// had passed on SIGTERM, instead of running on as an orphan that keeps its port and its data
// folder. Its output may have gone with the wrapper: a write to a closed pipe must not stop
// the shutdown halfway (before the data folder is released).
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    process.kill(process.pid, 'SIGTERM');
  });
}
