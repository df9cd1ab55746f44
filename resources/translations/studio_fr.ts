<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name></name>
    <message>
        <location filename="../../studio/editors/archive/__init__.py" line="13"/>
        <location filename="../../studio/editors/archive/__init__.py" line="17"/>
        <location filename="../../studio/editors/article/details.py" line="45"/>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/archive/__init__.py" line="14"/>
        <source>Search, verify and export the compliance archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/archive/__init__.py" line="19"/>
        <source>The hash-chained archive of every post, reply, poll response and moderation decision: search, verification against the platform, legal holds and export arrive here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/__init__.py" line="21"/>
        <location filename="../../studio/editors/article/page.py" line="63"/>
        <source>Articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/__init__.py" line="22"/>
        <source>Draft, review, schedule and publish articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="27"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="28"/>
        <source>In review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="29"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="30"/>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="31"/>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="32"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="65"/>
        <source>Press Enter or double-click to open an article: Markdown with a live preview and an outline, saved as you type. Ctrl+N writes a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="95"/>
        <source>&amp;New article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="100"/>
        <source>&amp;Import a Markdown file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="105"/>
        <source>Export the article as &amp;Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="107"/>
        <source>Export the article as &amp;HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="153"/>
        <source>Untitled article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="167"/>
        <source>Import Markdown files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="169"/>
        <source>Markdown (*.md *.markdown *.mdown *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/page.py" line="195"/>
        <source>Imported %n article(s) as drafts.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="197"/>
        <source>Not imported (nothing of these was kept):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="212"/>
        <source>Export the article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="214"/>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="214"/>
        <source>HTML page (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="238"/>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="239"/>
        <source>Not exported: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="211"/>
        <source>← Articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="212"/>
        <source>Back to the list (Esc); your text is saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="213"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="215"/>
        <source>Slug, summary, tags, language, publish time and status (Ctrl+Shift+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="217"/>
        <source>History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="219"/>
        <source>Revisions, differences and restore (Ctrl+Shift+H); Ctrl+S keeps a revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="221"/>
        <location filename="../../studio/editors/article/editor.py" line="222"/>
        <location filename="../../studio/editors/article/page.py" line="48"/>
        <location filename="../../studio/ui/conflict_view.py" line="49"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="223"/>
        <source>Article text (Markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="224"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="225"/>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="235"/>
        <source>Opening…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="273"/>
        <location filename="../../studio/editors/article/editor.py" line="284"/>
        <location filename="../../studio/editors/article/editor.py" line="372"/>
        <location filename="../../studio/editors/article/editor.py" line="397"/>
        <location filename="../../studio/editors/article/history.py" line="41"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="309"/>
        <source>Revision restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="345"/>
        <source>Editing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="372"/>
        <source>A title is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="375"/>
        <location filename="../../studio/ui/conflict_view.py" line="336"/>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="406"/>
        <source>Not saved: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="417"/>
        <source>Revision kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="522"/>
        <source>Lexicon ({severity}): {pattern}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/editor.py" line="547"/>
        <source>Lexicon: %n hit(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/editor.py" line="548"/>
        <source>%n blocking</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/editor.py" line="564"/>
        <source>%n word(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/editor.py" line="564"/>
        <source>%n min read</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="570"/>
        <source>The preview failed ({reason}); it shows the last good one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="577"/>
        <source>This text takes long to preview; showing the last good one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="657"/>
        <source>(no suggestion)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/editor.py" line="660"/>
        <source>Add “{word}” to the dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="40"/>
        <source>Back to draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="41"/>
        <source>Submit for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="42"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="43"/>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="44"/>
        <source>Publish now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <location filename="../../studio/editors/article/page.py" line="49"/>
        <location filename="../../studio/ui/conflict_view.py" line="55"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <location filename="../../studio/editors/article/page.py" line="50"/>
        <location filename="../../studio/ui/conflict_view.py" line="54"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <location filename="../../studio/ui/conflict_view.py" line="52"/>
        <source>Slug</source>
        <extracomment>fields to save, as save_article takes them a workflow move the user chose (the target status)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <location filename="../../studio/ui/conflict_view.py" line="51"/>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <location filename="../../studio/ui/conflict_view.py" line="53"/>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="118"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="121"/>
        <source>comma, separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="122"/>
        <source>at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="123"/>
        <source>Your time zone; the article stores the instant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="170"/>
        <source>(an admin&apos;s move)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="172"/>
        <source>(set a publish time first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="175"/>
        <source>(blocked by the lexicon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/details.py" line="191"/>
        <source>A slug is lowercase letters, digits and dashes: try “{slug}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="51"/>
        <location filename="../../studio/editors/moderation/page.py" line="129"/>
        <location filename="../../studio/ui/conflict_view.py" line="57"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="104"/>
        <location filename="../../studio/editors/moderation/page.py" line="129"/>
        <location filename="../../studio/editors/moderation/page.py" line="266"/>
        <location filename="../../studio/editors/moderation/page.py" line="277"/>
        <source>(deleted member)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="52"/>
        <location filename="../../studio/ui/sync_panel.py" line="55"/>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/dashboard/__init__.py" line="13"/>
        <location filename="../../studio/editors/dashboard/__init__.py" line="17"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/dashboard/__init__.py" line="14"/>
        <source>Members, participation, views and queue health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/dashboard/__init__.py" line="19"/>
        <source>Charts of members, webinar participation, article views and the moderation queue&apos;s health arrive here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/__init__.py" line="21"/>
        <source>Moderation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/__init__.py" line="22"/>
        <source>Posts awaiting approval and reported posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/moderation/page.py" line="43"/>
        <source>%n report(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="44"/>
        <source>Awaiting approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="50"/>
        <source>Spam or advertising</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="51"/>
        <source>Off-topic for this thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="52"/>
        <source>Personal attack on {author} or another member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="53"/>
        <source>Misleading financial claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="54"/>
        <source>Personal data of someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="55"/>
        <source>Duplicate post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="56"/>
        <source>Illegal content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="57"/>
        <source>Breaks the community rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="58"/>
        <source>Other (see the note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="98"/>
        <source>The queue is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="102"/>
        <source>{why} · by {author} in “{thread}” · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="127"/>
        <location filename="../../studio/ui/sync_panel.py" line="43"/>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="128"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="130"/>
        <location filename="../../studio/ui/sync_panel.py" line="44"/>
        <source>Thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="131"/>
        <source>Posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="174"/>
        <source>j/k move · a approve · r remove · e escalate · u undo · ? every key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="308"/>
        <source>Moderation keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="310"/>
        <source>j / ↓  next item
k / ↑  previous item
a  approve
r  remove: 1–9 picks a reason, Enter confirms, Esc goes back
e  escalate
u  take back the last decision (until it has gone to the Hub)
?  this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/poll/__init__.py" line="13"/>
        <location filename="../../studio/editors/poll/__init__.py" line="17"/>
        <source>Polls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/poll/__init__.py" line="14"/>
        <source>Create, schedule and close polls and surveys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/poll/__init__.py" line="19"/>
        <source>Polls and surveys with scheduling, results visibility rules and results as charts arrive here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/webinar/__init__.py" line="13"/>
        <location filename="../../studio/editors/webinar/__init__.py" line="17"/>
        <source>Webinars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/webinar/__init__.py" line="14"/>
        <source>Schedule webinars with speakers across time zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/webinar/__init__.py" line="19"/>
        <source>Week and month calendars in the event&apos;s zone and yours, speakers and their availability, conflict rules, capacity with a waiting list, recurring series and calendar invitations arrive here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="36"/>
        <source>Studio cannot write to the folder {path} ({detail}). Choose another data folder with --data-dir, or fix the folder&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="41"/>
        <source>The workspace file {path} is damaged or is not a Studio workspace ({detail}). It has been left exactly as it is; restore it from a backup, or move it aside to start a new workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="47"/>
        <source>The workspace file {path} was written by a newer version of Studio. Update Studio to open it; the file has been left exactly as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="52"/>
        <source>The workspace {path} could not be brought up to date ({detail}). The file has been left exactly as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="56"/>
        <source>Studio ran out of memory while doing this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="58"/>
        <source>A file or network operation failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="66"/>
        <source>Something went wrong inside Studio. Your work is saved; the details below help us fix it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="25"/>
        <source>Studio – a problem occurred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="31"/>
        <source>Error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="35"/>
        <source>Technical details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="39"/>
        <location filename="../../studio/ui/error_dialog.py" line="53"/>
        <source>Show details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="42"/>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/error_dialog.py" line="53"/>
        <source>Hide details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="105"/>
        <source>Search…</source>
        <extracomment>search(text) -&gt; fetch(after, limit): the rows matching what the user typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="106"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="107"/>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/list_page.py" line="115"/>
        <source>%n shown, more as you scroll</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/list_page.py" line="115"/>
        <source>%n shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="48"/>
        <source>members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="49"/>
        <source>articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="50"/>
        <source>webinars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="51"/>
        <source>threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="52"/>
        <source>posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="53"/>
        <source>polls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/summary_page.py" line="56"/>
        <source>In this workspace:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="69"/>
        <location filename="../../studio/editors/article/find_bar.py" line="70"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="71"/>
        <location filename="../../studio/editors/article/find_bar.py" line="72"/>
        <source>Replace with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="73"/>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="74"/>
        <source>Regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="75"/>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="76"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="77"/>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="78"/>
        <source>Replace all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="115"/>
        <source>Not a valid expression: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="136"/>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/find_bar.py" line="139"/>
        <source>%n match(es)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/find_bar.py" line="152"/>
        <source>Not a valid replacement: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/find_bar.py" line="184"/>
        <source>%n replaced</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="42"/>
        <source>Status changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="43"/>
        <location filename="../../studio/ui/sync_panel.py" line="108"/>
        <source>Conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="44"/>
        <source>Before a restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="45"/>
        <location filename="../../studio/ui/sync_panel.py" line="109"/>
        <source>Merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="89"/>
        <location filename="../../studio/ui/sync_panel.py" line="265"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="103"/>
        <source>&amp;Restore this revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="113"/>
        <source>Compared with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="136"/>
        <source>The text now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="146"/>
        <source>No revisions yet: Ctrl+S keeps one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/editors/article/history.py" line="186"/>
        <source>%n line(s) differ.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/history.py" line="186"/>
        <source>The same text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="50"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="56"/>
        <source>Publish time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="58"/>
        <source>Featured image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="59"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="60"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="61"/>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="62"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="63"/>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="64"/>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="65"/>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="66"/>
        <location filename="../../studio/ui/sync_panel.py" line="178"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="67"/>
        <location filename="../../studio/ui/sync_panel.py" line="56"/>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="74"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="108"/>
        <source>Difference {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="113"/>
        <source>Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="114"/>
        <source>The Hub&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="118"/>
        <source>Before both changes: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="119"/>
        <source>(nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="126"/>
        <source>Keep yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="127"/>
        <source>Keep the Hub&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="128"/>
        <source>Keep both (yours first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="171"/>
        <source>The result (the other changes on both sides are already merged in; edit freely):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="177"/>
        <location filename="../../studio/ui/conflict_view.py" line="214"/>
        <source>Result: {field}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="203"/>
        <source>Yours: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="204"/>
        <source>The Hub&apos;s: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="205"/>
        <source>Before both changes: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="245"/>
        <source>Resolve a conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="249"/>
        <source>Loading the conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="264"/>
        <source>&amp;Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="267"/>
        <source>Keep what you chose and send it (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="268"/>
        <source>Keep my copy as a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="269"/>
        <source>Delete it here too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="270"/>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="297"/>
        <source>“{label}” was deleted on the Hub after you changed it here. Keep your copy as a new one, or delete it here too (your copy stays in the history).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/conflict_view.py" line="307"/>
        <source>“{label}” was changed here and on the Hub in the same places. Choose what to keep for each difference, or edit the result. Both versions stay in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/safe_browser.py" line="117"/>
        <source>Studio opens only web links (http and https); this one was not opened: {url}</source>
        <extracomment>attachment(sha256) -&gt; (media type, bytes) or None: the workspace&apos;s own files.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/safe_browser.py" line="125"/>
        <source>Open a web page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/safe_browser.py" line="126"/>
        <source>Open this address in your web browser?

{url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="40"/>
        <source>Sign in to a Hub</source>
        <extracomment>sign_in(hub_url, user, password) -&gt; SignedIn; raises with a sentence for the user.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="43"/>
        <location filename="../../studio/ui/sign_in.py" line="53"/>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="45"/>
        <location filename="../../studio/ui/sign_in.py" line="54"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="48"/>
        <location filename="../../studio/ui/sign_in.py" line="55"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="51"/>
        <source>Sign-in message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="59"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="76"/>
        <source>The Hub address starts with https:// (or http:// on this computer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="80"/>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="83"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sign_in.py" line="102"/>
        <source>Signing in failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="41"/>
        <source>Article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="42"/>
        <source>Webinar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="45"/>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="46"/>
        <source>Poll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="47"/>
        <source>Lexicon term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="54"/>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="57"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="58"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="59"/>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/sync_panel.py" line="66"/>
        <source>Sent, waiting for the Hub&apos;s answer (attempt %n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="67"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="67"/>
        <source>Refused by the Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="73"/>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="74"/>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="75"/>
        <source>escalated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="76"/>
        <source>restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="83"/>
        <source>your approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="84"/>
        <source>your removal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="85"/>
        <source>your escalation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="86"/>
        <source>your restoring it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="88"/>
        <source>your decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="100"/>
        <source>“{post}”: {action} by {by} at {at}, before {mine}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="110"/>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="111"/>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="112"/>
        <source>Sent again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="113"/>
        <source>Decided elsewhere first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="176"/>
        <location filename="../../studio/ui/sync_panel.py" line="187"/>
        <location filename="../../studio/ui/sync_panel.py" line="199"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="177"/>
        <location filename="../../studio/ui/sync_panel.py" line="200"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="179"/>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="188"/>
        <source>Fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="189"/>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="194"/>
        <source>&amp;Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="201"/>
        <source>The Hub&apos;s reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="207"/>
        <source>Send &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="208"/>
        <source>Set &amp;aside</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="210"/>
        <source>Take it off this list; the change stays in the record here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="215"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="216"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/sync_panel.py" line="262"/>
        <source>Waiting (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/sync_panel.py" line="263"/>
        <source>Conflicts (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/sync_panel.py" line="264"/>
        <source>Refused (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="267"/>
        <source>This workspace is not linked to a Hub.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="270"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="272"/>
        <source>{account} on {hub}. Last sync: {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="277"/>
        <source>Last problem: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="284"/>
        <source>Choose a conflict to resolve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/sync_panel.py" line="300"/>
        <source>Choose a refused change first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../studio/ui/palette.py" line="77"/>
        <source>Command palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/palette.py" line="80"/>
        <source>Type a command…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/palette.py" line="81"/>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/palette.py" line="87"/>
        <source>Matching commands</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../studio/ui/main_window.py" line="234"/>
        <source>Studio</source>
        <extracomment>Standard icons of the rail, by name: looked up once the window is up (QStyle is costly to load).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="235"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="236"/>
        <source>Command &amp;palette…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="237"/>
        <source>Sign &amp;in to a Hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="238"/>
        <source>&amp;Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="239"/>
        <source>Sync &amp;panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="240"/>
        <source>S&amp;witch workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="241"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="242"/>
        <source>Stop syncing; what was done so far is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="243"/>
        <source>Sync progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="245"/>
        <location filename="../../studio/ui/main_window.py" line="392"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="246"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="247"/>
        <source>&amp;About Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="248"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="250"/>
        <source>Go to {page}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="255"/>
        <source>Follow the &amp;system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="256"/>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="257"/>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="261"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="262"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="263"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="264"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="265"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="266"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="267"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="268"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="269"/>
        <source>Changes waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="271"/>
        <location filename="../../studio/ui/main_window.py" line="297"/>
        <source>Opening the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="308"/>
        <source>This workspace could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/main_window.py" line="355"/>
        <source>Sending: %n change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/main_window.py" line="357"/>
        <source>Receiving: %n change(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="371"/>
        <source>{name} ({where})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="409"/>
        <source>Sync with the platform now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="411"/>
        <source>Sign in to a Hub to sync this workspace (studio login)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="424"/>
        <source>Workspace: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="427"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="428"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="429"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="430"/>
        <source>Sync error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="434"/>
        <source>All changes synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/main_window.py" line="436"/>
        <source>%n change(s) waiting to sync</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="454"/>
        <source>About Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="456"/>
        <source>&lt;h3&gt;Studio {version}&lt;/h3&gt;&lt;p&gt;Draft articles, schedule webinars and moderate member posts, online or offline, and sync with the platform.&lt;/p&gt;&lt;p&gt;Qt {qt}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="474"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../studio/app.py" line="218"/>
        <source>local</source>
        <extracomment>After a round finds the Hub unreachable, try again after these pauses (then the last, on). (Hub URL, account) of the open workspace, (&quot;&quot;, &quot;&quot;) when it is local. Called with the workspace once it is open and the pages can show it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
