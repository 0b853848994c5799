/* icu-country-names.c - prints ICU's display name of every ISO 3166 region
 * (and of the European Union, region EU) in the given languages, one line
 * per region and language: "ALPHA3<TAB>ALPHA2<TAB>LANG<TAB>NAME".  Used by
 * scripts/gen-state-names.py to fill the cells of data/state-names.csv
 * that have no United Nations name.
 * Build: cc -o icu-country-names icu-country-names.c \
 *            $(pkg-config --cflags --libs icu-uc icu-i18n)
 * Usage: icu-country-names LANG... */
#include <stdio.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

static int print_name(const char *a3, const char *a2, const char *lang)
{
	char loc[16], out[512];
	UChar name[256];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;
	snprintf(loc, sizeof loc, "und_%s", a2);
	n = uloc_getDisplayCountry(loc, lang, name, 256, &st);
	/* A missing translation falls back to the root data: say so. */
	if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING) {
		fprintf(stderr, "icu-country-names: no %s name for %s (%s)\n", lang, a2,
			u_errorName(st));
		return -1;
	}
	st = U_ZERO_ERROR;
	u_strToUTF8(out, sizeof out, NULL, name, n, &st);
	if (U_FAILURE(st))
		return -1;
	printf("%s\t%s\t%s\t%s\n", a3, a2, lang, out);
	return 0;
}

int main(int argc, char **argv)
{
	const char *const *c = uloc_getISOCountries();
	int rc = 0;
	char ver[U_MAX_VERSION_STRING_LENGTH];
	UVersionInfo v;
	u_getVersion(v);
	u_versionToString(v, ver);
	printf("#icu\t%s\n", ver);
	for (; *c; c++) {
		char loc[16];
		snprintf(loc, sizeof loc, "und_%s", *c);
		const char *a3 = uloc_getISO3Country(loc);
		for (int i = 1; i < argc; i++)
			rc |= print_name(a3, *c, argv[i]);
	}
	for (int i = 1; i < argc; i++)
		rc |= print_name("EUU", "EU", argv[i]);
	return rc ? 1 : 0;
}
