// What both HTML reports share: the one escaping function, links, and the page frame with its
// stylesheet. The pages are self-contained: inline CSS and JS, no fonts, no network (the
// Content-Security-Policy forbids any load, and any script but the page's own).
#pragma once

#include <string>
#include <string_view>

namespace blobconform::report {

// Every value that goes into a page, text or attribute alike, goes through here: visible_text(),
// then & < > " ' as character references. Results carry server-controlled bytes.
std::string html_escape(std::string_view text);

// An <a> to `url` when it is http(s), else the escaped text alone (never a javascript: link).
std::string html_link(const std::string& url, const std::string& text);

// A fresh random value for the page's script-src nonce: text from the run, even if it ever got
// past escaping, cannot carry a script the browser would run.
std::string html_script_nonce();

// From <!DOCTYPE html> to the opening <body>.
std::string html_page_start(const std::string& title, const std::string& nonce);
// The page's script, then </body></html>. `script` is a constant of the writer, never data: the
// body of a function that starts with `bar` (#filters) and `matrix` (#matrix) found.
std::string html_page_end(const std::string& nonce, std::string_view script);

}  // namespace blobconform::report
