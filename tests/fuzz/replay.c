/* replay.c - runs a fuzz target over files given on the command line, so
 * that `make check` replays the corpus with any compiler (no libFuzzer).
 * Prints "fuzz: N passed, 0 failed"; a failing input aborts the process. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		char *data, err[300];
		size_t len;
		if (util_read_file(argv[i], 1u << 20, &data, &len, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		n++;
	}
	printf("replayed %d inputs\n", n);
	return 0;
}
