// Loaded into a program tools/run-cli.mjs starts through tsx: when the wrapper goes (kill -9 of
// the pid `npm run` reports, a closed terminal), the program is told to stop as if the wrapper
// had passed on SIGTERM, instead of running on as an orphan that keeps its port and its data
// folder. Its output may go with the wrapper, before this process hears of it: a write to the
// closed pipe (EPIPE) must neither kill it on the spot nor stop the shutdown halfway (before
// the data folder is released). The program's own log file keeps what stderr would have shown.
if (process.channel) {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  process.channel.unref();
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
}
