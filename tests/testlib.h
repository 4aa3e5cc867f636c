/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal test harness: TEST(name) defines a test, RUN_TESTS() in main
 * runs them all and prints one line per failure and a closing
 * "N passed, N failed" line. A test binary exits non-zero on any failure.
 */
#ifndef CIDFUZZ_TESTLIB_H
#define CIDFUZZ_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(int *failed);
};

#define TEST_MAX 256
extern struct test_case test_cases[TEST_MAX];
extern int test_count;

#define TEST(name)							\
	static void test_##name(int *failed);				\
	__attribute__((constructor)) static void test_reg_##name(void)	\
	{								\
		if (test_count < TEST_MAX)				\
			test_cases[test_count++] = (struct test_case){	\
				#name, test_##name };			\
	}								\
	static void test_##name(int *failed)

#define EXPECT(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("  %s:%d: expected %s\n", __FILE__,	\
			       __LINE__, #cond);			\
			*failed = 1;					\
		}							\
	} while (0)

#define EXPECT_EQ_INT(a, b)						\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			printf("  %s:%d: expected %s == %s (%lld vs %lld)\n", \
			       __FILE__, __LINE__, #a, #b, _a, _b);	\
			*failed = 1;					\
		}							\
	} while (0)

#define EXPECT_STR_CONTAINS(hay, needle)				\
	do {								\
		const char *_h = (hay), *_n = (needle);			\
		if (!_h || !strstr(_h, _n)) {				\
			printf("  %s:%d: expected \"%s\" in: %s\n",	\
			       __FILE__, __LINE__, _n, _h ? _h : "(null)"); \
			*failed = 1;					\
		}							\
	} while (0)

#define TEST_MAIN()							\
	struct test_case test_cases[TEST_MAX];				\
	int test_count;							\
	int main(int argc, char **argv)					\
	{								\
		int passed = 0, nfailed = 0;				\
		for (int i = 0; i < test_count; i++) {			\
			int failed = 0;					\
			if (argc > 1 && !strstr(test_cases[i].name, argv[1])) \
				continue;				\
			test_cases[i].fn(&failed);			\
			printf("%s %s\n", failed ? "FAIL" : "ok  ",	\
			       test_cases[i].name);			\
			if (failed)					\
				nfailed++;				\
			else						\
				passed++;				\
		}							\
		printf("%d passed, %d failed\n", passed, nfailed);	\
		return nfailed ? 1 : 0;					\
	}

#endif
