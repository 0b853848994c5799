/* cmd_summary.c - `revmech summary`: the summary of a country review's
 * phase (issue 10; paras 38-39; R110, R111, R145, C32, C37): count words,
 * create, save a text, request a translation, move its status, agree,
 * show, render as PDF or HTML (signed when agreed), verify a PDF offline.
 * See docs/summaries.md. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "findings/outline.h"
#include "output/export.h"
#include "archive/archive.h"
#include "output/summary.h"
#include "output/words.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char summary_usage[] =
	"usage: revmech summary count --lang L FILE\n"
	"       revmech summary create --db DB --state X --phase N --lang L --reviewers A,B --by WHO\n"
	"       revmech summary put --db DB --state X --phase N --lang L --base V --by WHO FILE\n"
	"       revmech summary request --db DB --state X --phase N --lang L --by WHO\n"
	"       revmech summary status --db DB --state X --phase N --lang L --to S --by WHO\n"
	"       revmech summary agree --db DB --state X --phase N --party P --version V --by WHO\n"
	"       revmech summary show --db DB --state X --phase N\n"
	"       revmech summary render --db DB --state X --phase N --lang L --out F.pdf|F.html\n"
	"                              [--archive HEX,HEX...] [--sign-key FILE]\n"
	"       revmech summary verify FILE.pdf [--public-key HEX | --key-url URL] [--text]\n"
	"       revmech summary corrigendum --db DB --state X --phase N --reason TEXT --by WHO\n"
	"       revmech summary blueprint --db DB\n"
	"       revmech summary blueprint-adopt --db DB --decision REF --base V --by WHO FILE\n\n"
	"count    prints the words of FILE (- for standard input) in language L as the\n"
	"         1,500-word limit counts them (para 38; ICU word segmentation, see\n"
	"         docs/summaries.md); exit 2 when over the limit.\n"
	"create   the summary of State X's phase N (1-4), drafted in L (ar zh en fr ru es),\n"
	"         to be agreed by X and its reviewing States A,B...\n"
	"put      saves FILE as a new version of the L text; V is the version it was\n"
	"         written from (0 for the first): a newer version is never overwritten.\n"
	"         The drafting text is refused over 1,500 words; a new one reopens agreement.\n"
	"request  asks for the translation into L (R145: requested, in_translation,\n"
	"status   revised, final): moves it one step (final only once agreed).\n"
	"agree    records that party P agrees to version V of the drafting text (para 39).\n"
	"render   writes the L version as PDF or HTML (by the extension of --out); the\n"
	"         agreed text is signed (Ed25519) with the key in FILE (default DB.sign,\n"
	"         created 0600), the PDF carrying the text, the signature, the public key\n"
	"         and the --archive hashes it rests on.\n"
	"verify   checks offline that a PDF carries the agreed text as signed by the\n"
	"         Secretariat's key: --public-key HEX (as published at /signing-key and\n"
	"         GET /api/v1/signing-key) or --key-url URL (that API address, fetched).\n"
	"         Exit 0 valid with that key; 2 altered, not signed or signed by another\n"
	"         key (naming what failed and both keys' fingerprints); 3 the signature\n"
	"         matches the key inside the file but no trusted key was given, so\n"
	"         anyone could have signed it; --text prints the signed text.\n"
	"corrigendum  opens a corrigendum of the issued summary (para 39): the drafting\n"
	"         text may be saved again; the issued version stays the public one until\n"
	"         every party agreed to the correction and its translations are final.\n"
	"blueprint    prints the blueprint of lists and summaries (paras 15, 38; R108,\n"
	"         R112): the version in force and every version, as JSON.\n"
	"blueprint-adopt  records FILE (JSON: {\"summary\": {\"headings\": {\"en\": [...]}},\n"
	"         \"list\": {\"instruments\": [...], \"types\": [...]}}) as a new version,\n"
	"         adopted by the recorded decision REF; V: the version in force (0 none).\n";

struct opts {
	const char *db, *state, *lang, *by, *out, *archive, *key, *pk, *key_url, *to, *party,
		*reviewers, *reason, *decision;
	long phase, base, version;
	int text;
};

static int need(const char *v, const char *what)
{
	if (!v || !*v)
		return cli_usage_error("summary", "%s is required", what);
	return 0;
}

/* Splits a comma list into at most cap fresh strings (the caller frees). */
static size_t split(const char *list, char **out, size_t cap)
{
	size_t n = 0;
	const char *p = list;
	while (p && *p && n < cap) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l)
			out[n++] = xstrndup(p, l);
		p = c ? c + 1 : NULL;
	}
	return n;
}

static int read_input(const char *path, char **text, size_t *len)
{
	char err[300];
	if (strcmp(path, "-")) {
		if (util_read_file(path, SUMMARY_MAX_BYTES, text, len, err, sizeof err) < 0)
			return cli_data_error("summary", "%s", err);
		return 0;
	}
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > SUMMARY_MAX_BYTES) {
			buf_free(&b);
			return cli_data_error("summary", "standard input: more than %d bytes",
					      SUMMARY_MAX_BYTES);
		}
	}
	*len = b.len;
	*text = b.len ? buf_detach(&b) : xstrdup("");
	buf_free(&b);
	return 0;
}

static int cmd_count(const struct opts *o, const char *file)
{
	char *text = NULL, err[300];
	size_t len = 0;
	if (need(o->lang, "--lang L") || !file)
		return file ? CLI_USAGE : cli_usage_error("summary", "FILE is required");
	int r = read_input(file, &text, &len);
	if (r)
		return r;
	long n = words_count(o->lang, text, len, err, sizeof err);
	free(text);
	if (n < 0)
		return cli_data_error("summary", "%s: %s", file, err);
	printf("%ld\n", n);
	if (n > WORDS_SUMMARY_MAX)
		return cli_data_error("summary", "%s: %ld words, over the limit of %d (para 38)",
				      file, n, WORDS_SUMMARY_MAX);
	return CLI_OK;
}

static void show(struct store *s, const struct summary_info *si)
{
	printf("summary %s phase %d, drafted in %s, version %d, %ld words, %s\n", si->reviewed,
	       si->phase, si->drafting, si->version, si->words,
	       si->agreed ? "agreed" : "not agreed");
	for (size_t i = 0; i < si->nparties; i++)
		printf("  %s %-8s %s%s%s\n", si->parties[i].state,
		       si->parties[i].is_reviewed ? "reviewed" : "reviewer",
		       si->parties[i].agreed ? "agreed " : "not agreed",
		       si->parties[i].agreed_at, si->parties[i].agreed ? "" : "");
	for (int i = 0; i < 6; i++) {
		const struct summary_lang *l = &si->langs[i];
		if (l->status == SUMMARY_NONE)
			continue;
		printf("  %s %-14s version %d%s, %ld words", l->lang,
		       summary_status_name(l->status), l->version,
		       l->stale ? " (of an older text)" : "", l->words);
		if (l->corr)
			printf(", %s (public: version %d)", summary_corr_name(l->corr),
			       l->pub_version);
		printf("\n");
	}
	if (si->corrigendum)
		printf("  corrigendum %d open: issued version %d stays public (%s)\n",
		       si->corrigendum, si->issued_version, si->corr_reason);
	(void)s;
}

/* `summary blueprint` and `summary blueprint-adopt` (findings/outline.h). */
static int cmd_blueprint(const char *sub, const struct opts *o, const char *file)
{
	char err[600], actor[64];
	int rc = CLI_DATA;
	if (need(o->db, "--db DB"))
		return CLI_USAGE;
	int adopt = !strcmp(sub, "blueprint-adopt");
	if (adopt && (need(o->decision, "--decision REF") || need(o->by, "--by WHO") ||
		      o->base < 0 || !file))
		return o->decision && o->by ? cli_usage_error("summary", "blueprint-adopt needs "
							     "--base V and FILE") : CLI_USAGE;
	struct store *s = store_open(o->db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("summary", "%s", err);
	if (store_migrate(s) < 0) {
		rc = cli_data_error("summary", "%s", store_errmsg(s));
		goto out;
	}
	if (!adopt) {
		struct outline bp;
		int f = outline_get(s, 0, &bp);
		json_t *v = f < 0 ? NULL : outline_versions_json(s);
		if (!v) {
			outline_free(&bp);
			rc = cli_data_error("summary", "%s", store_errmsg(s));
			goto out;
		}
		json_t *j = json_pack("{s:i,s:o}", "in_force", bp.version, "versions", v);
		char *d = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (d)
			printf("%s\n", d);
		if (f == 0)
			fprintf(stderr, "no blueprint has been adopted yet: summaries start empty, "
				"lists keep table 1 order\n");
		free(d);
		json_decref(j);
		outline_free(&bp);
		rc = CLI_OK;
		goto out;
	}
	char *text = NULL;
	size_t len = 0;
	int v = 0;
	if ((rc = read_input(file, &text, &len)) != 0)
		goto out;
	cli_actor(actor, sizeof actor);
	int r = outline_adopt(s, text, len, o->decision, (int)o->base, o->by, "local", &v, err,
			      sizeof err);
	free(text);
	if (r != OUTLINE_OK) {
		rc = cli_data_error("summary", "%s", err);
		goto out;
	}
	printf("blueprint version %d recorded, adopted by %s\n", v, o->decision);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}

/* `summary verify` without a trusted key: the signature matches the key
 * inside the file, but anyone can sign with a key of their own (docs/
 * summaries.md, "Checking a PDF"), so this is not "valid". */
#define VERIFY_KEY_UNCHECKED 3
#define KEY_URL_MAX (64 * 1024)

static size_t key_url_body(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	if (b->len + size * n > KEY_URL_MAX)
		return 0; /* not a key document: libcurl stops with an error */
	buf_append(b, p, size * n);
	return size * n;
}

/* Fetches the Secretariat's published key from url (GET /api/v1/signing-key
 * of the platform, docs/summaries.md) into pk: its "public_key".  Returns
 * 0, or CLI_DATA after printing why. */
static int key_from_url(const char *url, unsigned char pk[SIGN_PK_BYTES])
{
	struct buf b = { 0 };
	char cerr[CURL_ERROR_SIZE] = "";
	long code = 0;
	int rc = CLI_DATA;
	json_t *j = NULL;
	CURL *c = curl_easy_init();
	if (!c)
		return cli_data_error("summary", "--key-url: libcurl cannot start");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, key_url_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode r = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (r != CURLE_OK) {
		cli_data_error("summary", "--key-url %s: %s", url, cerr[0] ? cerr : curl_easy_strerror(r));
		goto out;
	}
	if (code != 200) {
		cli_data_error("summary", "--key-url %s: HTTP status %ld, not the published key", url,
			       code);
		goto out;
	}
	json_error_t je;
	j = json_loadb(b.p ? b.p : "", b.len, 0, &je);
	const char *hex = json_string_value(json_object_get(j, "public_key"));
	size_t kl = 0;
	if (!hex || sodium_hex2bin(pk, SIGN_PK_BYTES, hex, strlen(hex), NULL, &kl, NULL) < 0 ||
	    kl != SIGN_PK_BYTES) {
		cli_data_error("summary", "--key-url %s: no \"public_key\" of 64 hex digits in the "
			       "answer", url);
		goto out;
	}
	rc = 0;
out:
	json_decref(j);
	buf_free(&b);
	return rc;
}

static int cmd_verify(const struct opts *o, const char *file)
{
	char *pdf = NULL, err[300];
	size_t n = 0;
	unsigned char pk[SIGN_PK_BYTES];
	struct export_check c;
	int trusted = o->pk || o->key_url;
	if (!file)
		return cli_usage_error("summary", "FILE.pdf is required");
	if (o->pk && o->key_url)
		return cli_usage_error("summary", "give --public-key or --key-url, not both");
	if (o->pk) {
		size_t kl = 0;
		if (sodium_hex2bin(pk, sizeof pk, o->pk, strlen(o->pk), NULL, &kl, NULL) < 0 ||
		    kl != sizeof pk)
			return cli_usage_error("summary", "--public-key: 64 hex digits expected");
	}
	if (util_read_file(file, 64L << 20, &pdf, &n, err, sizeof err) < 0)
		return cli_data_error("summary", "%s", err);
	if (o->key_url && key_from_url(o->key_url, pk) != 0) {
		free(pdf);
		return CLI_DATA;
	}
	int ok = export_verify_pdf(pdf, n, trusted ? pk : NULL, &c);
	free(pdf);
	if (!ok) {
		export_check_free(&c);
		return cli_data_error("summary", "%s: NOT VALID: %s", file, c.sig.failed);
	}
	char pkh[2 * SIGN_PK_BYTES + 1], fp[SIGN_FP_LEN];
	sodium_bin2hex(pkh, sizeof pkh, c.sig.pk, sizeof c.sig.pk);
	sign_fingerprint(c.sig.pk, fp);
	if (o->text) {
		fwrite(c.doc.text, 1, c.doc.len, stdout);
	} else {
		if (trusted)
			printf("valid: the agreed summary of %s, phase %d, in %s (version %d; drafted "
			       "in %s, version %d), signed with the Secretariat's key %s\n",
			       c.doc.state, c.doc.phase, c.doc.lang, c.doc.version, c.doc.drafting,
			       c.doc.source_version, fp);
		else
			printf("signed text of the summary of %s, phase %d, in %s (version %d; drafted "
			       "in %s, version %d)\n", c.doc.state, c.doc.phase, c.doc.lang,
			       c.doc.version, c.doc.drafting, c.doc.source_version);
		printf("agreed: %s\n", c.doc.agreed);
		printf("archive:");
		for (size_t i = 0; i < c.doc.narchive; i++)
			printf(" %s", c.doc.archive[i]);
		printf("\n");
		/* The archive references spelt out (output/summary.h), to check
		 * with GET /api/v1/archive/records/ID/proof?size=SIZE. */
		for (size_t i = 0; i < c.doc.narchive; i++) {
			const char *a = c.doc.archive[i], *h = strrchr(a, ':');
			if (!strncmp(a, "head:", 5) && h)
				printf("archive head: tree size %.*s, root %s\n", (int)(h - a - 5), a + 5,
				       h + 1);
			else if (!strncmp(a, "leaf:", 5) && h)
				printf("archive record %.*s: leaf hash %s\n", (int)(h - a - 5), a + 5,
				       h + 1);
		}
		printf("public key: %s\n", pkh);
		printf("fingerprint: %s\n", fp);
	}
	export_check_free(&c);
	if (!trusted) {
		/* Stated last, on standard error too, so that neither a script
		 * reading the status nor a person reading the end misses it. */
		fprintf(stderr, "revmech summary: %s: signature valid, but the signing key %s was "
			"not checked against the Secretariat's published key: pass --public-key "
			"HEX or --key-url URL\n", file, fp);
		return VERIFY_KEY_UNCHECKED;
	}
	return CLI_OK;
}

/* Writes data to path through a temporary file renamed into place. */
static int write_out(const char *path, const struct buf *b)
{
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0) {
		int e = errno;
		if (f)
			unlink(tmp);
		return cli_data_error("summary", "%s: %s", path, strerror(e));
	}
	if (rename(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		return cli_data_error("summary", "%s: %s", path, strerror(e));
	}
	return CLI_OK;
}

static int cmd_render(struct store *s, const struct opts *o)
{
	char keypath[1100], err[512];
	struct sign_key key;
	struct buf out = { 0 };
	char *arch[SIGN_MAX_ARCHIVE + 1];
	size_t na = o->archive ? split(o->archive, arch, SIGN_MAX_ARCHIVE + 1) : 0;
	int rc = CLI_DATA, is_signed = 0;
	size_t ol = strlen(o->out);
	int html = ol > 5 && !strcmp(o->out + ol - 5, ".html");
	if (!html && !(ol > 4 && !strcmp(o->out + ol - 4, ".pdf"))) {
		rc = cli_usage_error("summary", "--out must end in .pdf or .html");
		goto out0;
	}
	if (na > SIGN_MAX_ARCHIVE) {
		rc = cli_usage_error("summary", "--archive: at most %d hashes", SIGN_MAX_ARCHIVE);
		goto out0;
	}
	if (o->key)
		snprintf(keypath, sizeof keypath, "%s", o->key);
	else if (store_is_url(o->db)) {
		rc = cli_usage_error("summary", "--sign-key FILE is required with PostgreSQL");
		goto out0;
	} else
		snprintf(keypath, sizeof keypath, "%s.sign", o->db);
	if (sign_key_load(keypath, &key, err, sizeof err) < 0) {
		rc = cli_data_error("summary", "%s", err);
		goto out0;
	}
	struct export_opts eo = { .key = &key, .archive = (const char *const *)arch,
				  .narchive = na };
	int r = export_summary(s, o->state, (int)o->phase, o->lang, html ? EXPORT_HTML : EXPORT_PDF,
			       &eo, &out, &is_signed, err, sizeof err);
	sign_key_wipe(&key);
	if (r != SUMMARY_OK) {
		rc = cli_data_error("summary", "%s", err);
		goto out0;
	}
	rc = write_out(o->out, &out);
	if (rc == CLI_OK)
		printf("wrote %s (%zu bytes, %s)\n", o->out, out.len,
		       is_signed ? "signed: the agreed text" : "draft: not signed");
out0:
	for (size_t i = 0; i < na; i++)
		free(arch[i]);
	buf_free(&out);
	return rc;
}

static int cmd_store(const char *sub, const struct opts *o, const char *file)
{
	char err[512], actor[64], obj[64];
	int rc = CLI_DATA, r = SUMMARY_OK;
	if (need(o->db, "--db DB") || need(o->state, "--state X"))
		return CLI_USAGE;
	if (o->phase < 1 || o->phase > 4)
		return cli_usage_error("summary", "--phase N is required, N from 1 to 4");
	if (strcmp(sub, "show") && strcmp(sub, "agree") && strcmp(sub, "corrigendum") &&
	    need(o->lang, "--lang L"))
		return CLI_USAGE;
	if (!strcmp(sub, "corrigendum") && need(o->reason, "--reason TEXT"))
		return CLI_USAGE;
	if (!strcmp(sub, "render") && need(o->out, "--out F.pdf|F.html"))
		return CLI_USAGE;
	if (strcmp(sub, "show") && strcmp(sub, "render") && need(o->by, "--by WHO"))
		return CLI_USAGE;
	if (!strcmp(sub, "put") && (!file || o->base < 0))
		return cli_usage_error("summary", "put needs --base V and FILE");
	if (!strcmp(sub, "agree") && (need(o->party, "--party P") || o->version < 1))
		return o->party ? cli_usage_error("summary", "--version V is required") : CLI_USAGE;
	int to = -2;
	if (!strcmp(sub, "status") && (!o->to || (to = summary_status_parse(o->to)) < 0))
		return cli_usage_error("summary", "--to must be in_translation, revised or final");
	struct store *s = store_open(o->db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("summary", "%s", err);
	if (store_migrate(s) < 0) {
		rc = cli_data_error("summary", "%s", store_errmsg(s));
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(obj, sizeof obj, "%s phase %ld", o->state, o->phase);
	if (!strcmp(sub, "show")) {
		struct summary_info si;
		int f = summary_load(s, o->state, (int)o->phase, &si);
		if (f <= 0) {
			rc = cli_data_error("summary", f < 0 ? "%s" : "no summary for %s",
					    f < 0 ? store_errmsg(s) : obj);
			goto out;
		}
		show(s, &si);
		rc = CLI_OK;
		goto out;
	}
	if (!strcmp(sub, "render")) {
		rc = cmd_render(s, o);
		goto out;
	}
	if (!strcmp(sub, "create")) {
		char *rv[SUMMARY_MAX_PARTIES];
		size_t n = o->reviewers ? split(o->reviewers, rv, SUMMARY_MAX_PARTIES) : 0;
		r = summary_create(s, o->state, (int)o->phase, o->lang, (const char *const *)rv, n,
				   o->by, err, sizeof err);
		for (size_t i = 0; i < n; i++)
			free(rv[i]);
	} else if (!strcmp(sub, "put")) {
		char *text = NULL;
		size_t len = 0;
		int v = 0;
		if ((rc = read_input(file, &text, &len)) != 0)
			goto out;
		r = summary_put_text(s, o->state, (int)o->phase, o->lang, text, len, (int)o->base,
				     o->by, &v, err, sizeof err);
		free(text);
		if (r == SUMMARY_OK)
			printf("saved %s version %d\n", o->lang, v);
	} else if (!strcmp(sub, "corrigendum")) {
		r = summary_corrigendum_open(s, o->state, (int)o->phase, o->reason, o->by, err,
					     sizeof err);
		if (r == SUMMARY_OK)
			printf("corrigendum opened: the issued version stays public until the "
			       "correction is agreed and final\n");
	} else if (!strcmp(sub, "request")) {
		r = summary_request(s, o->state, (int)o->phase, o->lang, o->by, err, sizeof err);
	} else if (!strcmp(sub, "status")) {
		r = summary_set_status(s, o->state, (int)o->phase, o->lang, to, o->by, err,
				       sizeof err);
	} else {
		/* The agreement is archived (R94): the archive's keys beside the
		 * database's TOTP key, as `revmech serve` loads them. */
		char tk[1100], ak[1100];
		if (store_is_url(o->db)) {
			rc = cli_usage_error("summary", "agree with a PostgreSQL --db: agree through "
					     "the API (the server holds the archive key)");
			goto out;
		}
		if ((size_t)snprintf(tk, sizeof tk, "%s.key", o->db) >= sizeof tk ||
		    archive_key_path(tk, ak, sizeof ak) < 0 ||
		    archive_key_load(ak, 1, err, sizeof err) < 0) {
			rc = cli_data_error("summary", "archive key: %s", err);
			goto out;
		}
		r = summary_agree(s, o->state, (int)o->phase, o->party, (int)o->version, o->by, err,
				  sizeof err);
	}
	if (r != SUMMARY_OK) {
		rc = cli_data_error("summary", "%s", err);
		goto out;
	}
	char action[32];
	snprintf(action, sizeof action, "summary.%s", sub);
	audit_log(s, actor, "local", action, obj, o->lang ? o->lang : o->party ? o->party : o->reason);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}

int cli_summary(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },   { "state", required_argument, NULL, 's' },
		{ "phase", required_argument, NULL, 'p' }, { "lang", required_argument, NULL, 'l' },
		{ "by", required_argument, NULL, 'b' },   { "out", required_argument, NULL, 'o' },
		{ "archive", required_argument, NULL, 'a' },
		{ "sign-key", required_argument, NULL, 'k' },
		{ "public-key", required_argument, NULL, 'K' },
		{ "key-url", required_argument, NULL, 'U' },
		{ "to", required_argument, NULL, 't' },   { "party", required_argument, NULL, 'P' },
		{ "reviewers", required_argument, NULL, 'r' },
		{ "base", required_argument, NULL, 'B' },
		{ "version", required_argument, NULL, 'v' },
		{ "reason", required_argument, NULL, 'R' },
		{ "decision", required_argument, NULL, 'D' },
		{ "text", no_argument, NULL, 'T' },       { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const subs[] = { "count", "create", "put", "request", "status",
					    "agree", "show", "render", "verify", "corrigendum",
					    "blueprint", "blueprint-adopt" };
	struct opts o = { .phase = 0, .base = -1, .version = 0 };
	int c;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(summary_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	size_t k;
	for (k = 0; k < sizeof subs / sizeof subs[0] && strcmp(sub, subs[k]); k++)
		;
	if (k == sizeof subs / sizeof subs[0])
		return cli_usage_error("summary", "unknown subcommand '%s' (count, create, put, "
				       "request, status, agree, show, render, verify, corrigendum, blueprint, "
				       "blueprint-adopt)", sub);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 's': o.state = optarg; break;
		case 'p':
			if (util_parse_long(optarg, 1, 4, &o.phase) < 0)
				return cli_usage_error("summary", "--phase must be 1 to 4");
			break;
		case 'l': o.lang = optarg; break;
		case 'b': o.by = optarg; break;
		case 'o': o.out = optarg; break;
		case 'a': o.archive = optarg; break;
		case 'k': o.key = optarg; break;
		case 'K': o.pk = optarg; break;
		case 'U': o.key_url = optarg; break;
		case 't': o.to = optarg; break;
		case 'P': o.party = optarg; break;
		case 'r': o.reviewers = optarg; break;
		case 'B':
			if (util_parse_long(optarg, 0, 1000000, &o.base) < 0)
				return cli_usage_error("summary", "--base must be a version number");
			break;
		case 'v':
			if (util_parse_long(optarg, 1, 1000000, &o.version) < 0)
				return cli_usage_error("summary", "--version must be a version number");
			break;
		case 'T': o.text = 1; break;
		case 'R': o.reason = optarg; break;
		case 'D': o.decision = optarg; break;
		case 'h': fputs(summary_usage, stdout); return CLI_OK;
		default: return cli_bad_option("summary", argv, optind, optopt);
		}
	}
	const char *file = optind < argc ? argv[optind] : NULL;
	if (optind + (file ? 1 : 0) < argc)
		return cli_usage_error("summary", "unexpected argument '%s'", argv[optind + 1]);
	int takes_file = !strcmp(sub, "count") || !strcmp(sub, "put") || !strcmp(sub, "verify") ||
			 !strcmp(sub, "blueprint-adopt");
	if (file && !takes_file)
		return cli_usage_error("summary", "unexpected argument '%s'", file);
	if (!strcmp(sub, "count"))
		return cmd_count(&o, file);
	if (!strcmp(sub, "verify"))
		return cmd_verify(&o, file);
	if (!strncmp(sub, "blueprint", 9))
		return cmd_blueprint(sub, &o, file);
	return cmd_store(sub, &o, file);
}
