// Preloaded (`node --expose-gc --require`) into both servers for the idle-session figure
// only: SIGUSR2 runs a full garbage collection, so the memory a session keeps is measured
// apart from the garbage its initialize left behind. Not part of dta-mcp or B1.
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
});
