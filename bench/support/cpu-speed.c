/*
 * cpu-speed: times the same integer loop on each online CPU in turn, pinned to it, and prints
 * {"ms":[cpu0,cpu1,...]} (null for a CPU it could not pin to). On this project's VM the host
 * sometimes runs one vCPU at half speed for minutes, which the guest's CPU accounting does not
 * show (steal stays 0): a server on that vCPU answers at half its rate (bench/NOTES.md).
 * Each CPU's figure is the fastest of three loops, so that one interrupt does not count as a slow
 * CPU while minutes of half speed do.
 * Usage: cpu-speed [ITERATIONS]   (default 5,000,000: ~2 ms per loop at full speed here)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sched.h>
#endif

static int pin(long cpu) {
#ifdef __linux__
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set);
#else
  (void)cpu;
  return -1;
#endif
}

int main(int argc, char **argv) {
  unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 10) : 5000000UL;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  printf("{\"ms\":[");
  for (long cpu = 0; cpu < cpus; cpu++) {
    if (cpu > 0) printf(",");
    if (pin(cpu) != 0) {
      printf("null");
      continue;
    }
    double best = 0;
    for (int loop = 0; loop < 3; loop++) {
      struct timespec start, end;
      clock_gettime(CLOCK_MONOTONIC, &start);
      volatile unsigned long sum = 0;
      for (unsigned long i = 0; i < iterations; i++) sum += i * i;
      clock_gettime(CLOCK_MONOTONIC, &end);
      double ms = (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6;
      if (loop == 0 || ms < best) best = ms;
    }
    printf("%.3f", best);
  }
  printf("]}\n");
  return 0;
}
