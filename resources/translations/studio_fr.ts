<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name></name>
    <message>
        <location filename="../../studio/editors/archive/__init__.py" line="13"/>
        <location filename="../../studio/editors/archive/__init__.py" line="17"/>
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
        <location filename="../../studio/editors/article/page.py" line="52"/>
        <source>Articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/__init__.py" line="22"/>
        <source>Draft, review, schedule and publish articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="18"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="19"/>
        <source>In review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="20"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="21"/>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="22"/>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="23"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="37"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="38"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="39"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="40"/>
        <location filename="../../studio/editors/moderation/page.py" line="28"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="40"/>
        <location filename="../../studio/editors/moderation/page.py" line="28"/>
        <source>(deleted member)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="41"/>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/article/page.py" line="54"/>
        <source>Select an article to open it. The Markdown editor with live preview, outline, review workflow and revision history arrives here.</source>
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
        <location filename="../../studio/editors/moderation/page.py" line="18"/>
        <source>%n report(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="19"/>
        <source>Awaiting approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="26"/>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="27"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="29"/>
        <source>Thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="30"/>
        <source>Posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="44"/>
        <source>Moderation queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/editors/moderation/page.py" line="46"/>
        <source>Posts awaiting approval and reported posts, most reported first. Single-key triage (approve, remove with a reason, escalate, snooze), the thread and the author&apos;s history arrive here.</source>
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
        <location filename="../../studio/ui/errors.py" line="39"/>
        <source>Studio cannot write to the folder {path} ({detail}). Choose another data folder with --data-dir, or fix the folder&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="44"/>
        <source>The workspace file {path} is damaged or is not a Studio workspace ({detail}). It has been left exactly as it is; restore it from a backup, or move it aside to start a new workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="50"/>
        <source>The workspace file {path} was written by a newer version of Studio. Update Studio to open it; the file has been left exactly as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="55"/>
        <source>The workspace {path} could not be brought up to date ({detail}). The file has been left exactly as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="59"/>
        <source>Studio ran out of memory while doing this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="61"/>
        <source>A file or network operation failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="68"/>
        <source>Something went wrong inside Studio. Your work is saved; the details below help us fix it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="81"/>
        <source>Studio – a problem occurred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="87"/>
        <source>Error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="91"/>
        <source>Technical details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="95"/>
        <location filename="../../studio/ui/errors.py" line="109"/>
        <source>Show details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="98"/>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/errors.py" line="109"/>
        <source>Hide details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="104"/>
        <source>Search…</source>
        <extracomment>search(text) -&gt; fetch(after, limit): the rows matching what the user typed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="105"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/list_page.py" line="106"/>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/list_page.py" line="114"/>
        <source>%n shown, more as you scroll</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/list_page.py" line="114"/>
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
        <location filename="../../studio/ui/main_window.py" line="172"/>
        <source>Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="173"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="174"/>
        <source>Command &amp;palette…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="175"/>
        <source>&amp;Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="176"/>
        <source>Sync with the platform (available once signed in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="177"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="178"/>
        <source>&amp;About Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="179"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="181"/>
        <source>Go to {page}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="186"/>
        <source>Follow the &amp;system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="187"/>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="188"/>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="192"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="193"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="194"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="195"/>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="196"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="197"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="198"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="199"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="200"/>
        <source>Changes waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="202"/>
        <source>Opening the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="227"/>
        <source>This workspace could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="266"/>
        <source>Workspace: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="269"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="270"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="271"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="272"/>
        <source>Sync error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="276"/>
        <source>All changes synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../studio/ui/main_window.py" line="278"/>
        <source>%n change(s) waiting to sync</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="291"/>
        <source>About Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="293"/>
        <source>&lt;h3&gt;Studio {version}&lt;/h3&gt;&lt;p&gt;Draft articles, schedule webinars and moderate member posts, online or offline, and sync with the platform.&lt;/p&gt;&lt;p&gt;Qt {qt}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="307"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
