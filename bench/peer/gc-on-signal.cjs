// Preloaded (`node --expose-gc --require`) into both servers for the idle-session figure
// only: SIGUSR2 runs a full garbage collection and writes the heap in use (and memory
// outside the heap) to the file named by GC_REPORT_FILE, so the memory a session keeps is
// measured apart from the garbage its initialize left. Not part of dta-mcp or B1.
const { writeFileSync } = require('node:fs');
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  const { heapUsed, external, arrayBuffers } = process.memoryUsage();
  if (process.env.GC_REPORT_FILE) writeFileSync(process.env.GC_REPORT_FILE, JSON.stringify({ heapUsed, external, arrayBuffers }));
});
