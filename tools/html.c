// SPDX-License-Identifier: GPL-2.0-only
/*
 * The picture as one self-contained page (cidfuzz replay --html OUT): the
 * swimlanes (svg.c) inline, a slider over the steps (or a click on a
 * column, or the arrow keys) that moves a cursor and shows the whole
 * state at that step: every CPU, task word, mm, wait and store buffer,
 * and what the step did. "#step=N" in the address opens the page at
 * step N (the last step without it): a link to a moment of the run,
 * and how the browser test (tests/check_page.py) picks one. The states
 * travel as JSON in the page, read by a little inline script; nothing
 * is fetched, so the page works offline and as a CI artifact.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "picture.h"

static void json_strings(struct strbuf *sb, const struct picture *pic)
{
	unsigned int i;

	sb_puts(sb, "\"strings\":[\"\"");
	for (i = 1; i < pic->nr_str; i++) {
		sb_puts(sb, ",");
		json_sb_string(sb, pic->str[i]);
	}
	sb_puts(sb, "]");
}

static void json_state(struct strbuf *sb, const struct picture *pic, unsigned int i)
{
	const struct pic_state *st = &pic->states[i];
	unsigned int t, m, c;
	bool first = true;

	sb_printf(sb, "{\"w\":%u,\"f\":%lu,\"t\":[", st->waits, st->flushed);
	for (t = 0; t < SCHED_MAX_TASKS; t++) {
		const struct pic_task *k = &st->task[t];

		if (!(st->tasks >> t & 1))
			continue;
		sb_printf(sb, "%s[%u,%u,%d,%u,%u]", first ? "" : ",", t, k->cid, k->mm, k->cpu,
			  k->flags);
		first = false;
	}
	sb_puts(sb, "],\"m\":[");
	for (m = 0; m < st->nr_mms; m++) {
		const struct pic_mm *mm = &st->mm[m];

		sb_printf(sb, "%s[%u,%u,%u,%u,\"%llx\",[", m ? "," : "", mm->mode, mm->users,
			  mm->max_cids, mm->thrs, (unsigned long long)mm->cidmask);
		for (c = 0; c < pic->nr_cpus; c++)
			sb_printf(sb, "%s%u", c ? "," : "", pic_pcpu_at(pic, i, m, c));
		sb_puts(sb, "]]");
	}
	sb_puts(sb, "],\"c\":[");
	for (c = 0; c < pic->nr_cpus; c++) {
		const struct pic_cpu *p = pic_cpu_at(pic, i, c);

		sb_printf(sb, "%s[%u,%u,%u,%u,%u,%u,%u,%d,%u,%u]", c ? "," : "", p->curr_name,
			  p->in_user, p->path, p->kind, p->locks, p->wait, p->wait_what, p->holder,
			  p->nr_buffered, p->buffered);
	}
	sb_puts(sb, "]}");
}

static void json_data(struct strbuf *sb, const struct picture *pic, const struct pic_run *run)
{
	const struct sim_result *res = run->res;
	unsigned int i;

	sb_puts(sb, "{\"file\":");
	json_sb_string(sb, run->file);
	sb_printf(sb, ",\"violation\":%s,\"invariant\":", res->violation ? "true" : "false");
	json_sb_string(sb, res->violation ? res->invariant : "");
	sb_puts(sb, ",\"what\":");
	json_sb_string(sb, res->violation ? res->what : "");
	sb_printf(sb, ",\"step\":%lu,\"nr_cpus\":%u,\"weak\":%s,", res->step, pic->nr_cpus,
		  pic->weak ? "true" : "false");
	json_strings(sb, pic);
	sb_puts(sb, ",\"events\":[");
	for (i = 0; i < pic->nr_events; i++) {
		const struct pic_event *e = &pic->events[i];

		sb_printf(sb, "%s[%u,%d,%u,%u,%u,%u]", i ? "," : "", e->index + 1, e->line, e->text,
			  e->skipped, e->first_frame, e->nr_frames);
	}
	sb_puts(sb, "],\"frames\":[");
	for (i = 0; i < pic->nr_frames; i++) {
		const struct pic_frame *f = &pic->frames[i];

		sb_printf(sb, "%s[%lu,%u,%d,%d,%u,%u,%u,%u,%u]", i ? "," : "", f->step, f->state,
			  f->event, f->cpu == ~0u ? -1 : (int)f->cpu, f->who, f->fn, f->op,
			  f->locks, f->changes);
	}
	sb_puts(sb, "],\"states\":[");
	for (i = 0; i < pic->nr_states; i++) {
		sb_puts(sb, i ? ",\n" : "");
		json_state(sb, pic, i);
	}
	sb_puts(sb, "]}");
}

static const char page_style[] = "body{font-family:sans-serif;margin:8px;background:#fff}"
				 "#controls{position:sticky;top:0;background:#f4f4f4;padding:6px;"
				 "border-bottom:1px solid #ccc;z-index:1}"
				 "#slider{width:60%;vertical-align:middle}"
				 "#where{font-family:monospace;margin-left:8px}"
				 "#picture{overflow-x:auto}#picture svg{cursor:crosshair}"
				 "#state{font-family:monospace;font-size:12px;background:#fafafa;"
				 "margin:6px 0 0;border:1px solid #ddd;padding:6px;white-space:pre;"
				 "max-height:32vh;overflow:auto}";

/* The slider: frame i -> cursor at its column, the state as text */
static const char page_script[] =
	"(function(){\n"
	"var D=JSON.parse(document.getElementById('cidfuzz-data').textContent);\n"
	"var S=D.strings,svg=document.querySelector('#picture svg');\n"
	"var cg=document.getElementById('columns');\n"
	"function nums(a){return cg.getAttribute(a).split(' ').map(Number);}\n"
	"var X=nums('data-x'),W=nums('data-w'),F=nums('data-first');\n"
	"var top=+cg.getAttribute('data-top'),bot=+cg.getAttribute('data-bottom');\n"
	"var NS='http://www.w3.org/2000/svg',cur=document.createElementNS(NS,'rect');\n"
	"cur.setAttribute('id','cursor');cur.setAttribute('fill','#0060df');\n"
	"cur.setAttribute('fill-opacity','0.18');cur.setAttribute('stroke','#0060df');\n"
	"cur.setAttribute('y',top);cur.setAttribute('height',bot-top);\n"
	"cur.setAttribute('pointer-events','none');svg.appendChild(cur);\n"
	"var sl=document.getElementById('slider');sl.max=D.frames.length-1;\n"
	"function col(f){var c=0;while(c+1<F.length&&F[c+1]<=f)c++;return c;}\n"
	"function cid(w){if(w&0x80000000)return 'UNSET'+(w&0x20000000?'|TRANSIT':'');\n"
	" return (w&0x1fffffff)+(w&0x40000000?'|ONCPU':'')+(w&0x20000000?'|TRANSIT':'');}\n"
	"function mode(m){return ['per-task','per-task|TRANSIT (per-CPU -> per-task)',"
	"'per-CPU','per-CPU|TRANSIT (per-task -> "
	"per-CPU)'][((m&0x40000000)?2:0)+((m&0x20000000)?1:0)];}\n"
	"function mask(h){var v=parseInt(h,16),o=[];for(var i=0;i<64&&v>0;i++){"
	"if(v%2)o.push(i);v=Math.floor(v/2);}return '{'+o.join(',')+'}';}\n"
	"function ev(i){for(var k=0;k<D.events.length;k++){var e=D.events[k];"
	"if(i>=e[4]&&i<e[4]+e[5])return 'event '+e[0]+' (line '+e[1]+'): '+S[e[2]]+(e[3]?' "
	"[skipped]':'');}"
	"return 'the drain after the last event';}\n"
	"function show(i){var f=D.frames[i],st=D.states[f[1]],c=col(i),o=[];\n"
	" cur.setAttribute('x',X[c]);cur.setAttribute('width',W[c]);\n"
	" var pc=document.getElementById('picture');\n"
	" if(X[c]<pc.scrollLeft||X[c]>pc.scrollLeft+pc.clientWidth-40)"
	"pc.scrollLeft=X[c]-pc.clientWidth/2;\n"
	" o.push((f[3]<0?'(no step) ':'step '+f[0]+' on cpu'+f[3]+': ')+S[f[4]]+"
	"(f[3]<0?'':'  '+S[f[5]]+' '+S[f[6]]+(f[7]?' holding '+S[f[7]]:'')));\n"
	" o.push('during '+ev(i));\n"
	" if(D.violation&&f[0]==D.step&&f[3]>=0)o.push('VIOLATION '+D.invariant+': '+D.what);\n"
	" if(f[8])o.push('this step changed:\\n'+S[f[8]].replace(/^ +/gm,'  '));\n"
	" o.push('','CPUs:');\n"
	" st.c.forEach(function(p,n){var s='  cpu'+n+': curr '+S[p[0]];\n"
	"  if(p[2])s+=', kernel path '+S[p[2]]+(p[4]?' holding '+S[p[4]]:'');\n"
	"  else if(p[1])s+=', in user space';\n"
	"  if(p[5])s+=', '+S[p[6]]+(p[7]>=0?' (held on cpu'+p[7]+')':'');\n"
	"  if(p[8])s+=', store buffer: '+S[p[9]];o.push(s);});\n"
	" o.push('','tasks (CID words):');\n"
	" st.t.forEach(function(t){o.push('  T'+t[0]+': mm'+t[2]+' cpu'+t[3]+' '+"
	"(t[4]&2?'in user space':t[4]&4?'running in the kernel':'not running')+', cid "
	"'+cid(t[1]));});\n"
	" st.m.forEach(function(m,n){o.push('','mm'+n+': mode '+mode(m[0])+', users '+m[1]+"
	"', max_cids '+m[2]+', pcpu_thrs '+m[3]+', cidmask '+mask(m[4]));\n"
	"  o.push('  CID slots: '+m[5].map(function(w,k){return 'cpu'+k+'='+cid(w);}).join(' '));});\n"
	" if(st.w)o.push('','waits:\\n'+S[st.w].replace(/^/gm,'  ').replace(/ +$/,''));\n"
	" if(D.weak)o.push('','stores flushed so far: '+st.f);\n"
	" document.getElementById('state').textContent=o.join('\\n');\n"
	" document.getElementById('where').textContent='frame '+(i+1)+' of '+D.frames.length+"
	"(f[3]<0?'':', step '+f[0]);}\n"
	"sl.addEventListener('input',function(){show(+sl.value);});\n"
	"function go(i){i=Math.max(0,Math.min(D.frames.length-1,i));sl.value=i;show(i);}\n"
	"document.getElementById('prev').onclick=function(){go(+sl.value-1);};\n"
	"document.getElementById('next').onclick=function(){go(+sl.value+1);};\n"
	"document.addEventListener('keydown',function(e){if(e.key=='ArrowLeft')go(+sl.value-1);"
	"else if(e.key=='ArrowRight')go(+sl.value+1);});\n"
	"svg.addEventListener('click',function(e){var p=svg.createSVGPoint();p.x=e.clientX;"
	"p.y=e.clientY;p=p.matrixTransform(svg.getScreenCTM().inverse());\n"
	" for(var c=X.length-1;c>=0;c--)if(X[c]<=p.x){go(F[c]);return;}});\n"
	"function frameOf(h){var m=/^#step=(\\d+)$/.exec(h),k=0;\n"
	" if(!m)return D.frames.length-1;\n"
	" for(var i=0;i<D.frames.length;i++){var f=D.frames[i];\n"
	"  if(f[0]==+m[1]&&f[3]>=0)return i;if(f[0]<=+m[1])k=i;}\n"
	" return k;}\n"
	"window.addEventListener('hashchange',function(){go(frameOf(location.hash));});\n"
	"go(frameOf(location.hash));\n"
	"})();\n";

void html_render(struct strbuf *sb, const struct picture *pic, const struct pic_run *run)
{
	sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		    "<title>cidfuzz replay: ");
	pic_escape(sb, run->file);
	sb_printf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
	sb_puts(sb, "<div id=\"controls\"><button id=\"prev\" type=\"button\">&#9664;</button>"
		    "<input type=\"range\" id=\"slider\" min=\"0\" max=\"0\" value=\"0\"/>"
		    "<button id=\"next\" type=\"button\">&#9654;</button>"
		    "<span id=\"where\"></span> (slider, click a column, or the arrow keys)"
		    "<pre id=\"state\"></pre></div>\n<div id=\"picture\">\n");
	svg_render(sb, pic, run);
	sb_puts(sb, "</div>\n"
		    "<script type=\"application/json\" id=\"cidfuzz-data\">");
	json_data(sb, pic, run);
	sb_printf(sb, "</script>\n<script>\n%s</script>\n</body>\n</html>\n", page_script);
}
