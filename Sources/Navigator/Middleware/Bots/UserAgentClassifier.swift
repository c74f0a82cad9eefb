/// Decides from the `User-Agent` header alone whether a request comes from an automated client (D3, F15).
///
/// The rules, in order (all comparisons case-insensitive; docs/BOTS.md lists them for operators):
/// 1. **Missing or implausible**: no header, fewer than 10 characters, or no space or no `/` — every browser sends
///    `Mozilla/5.0 (…) …`, so a value without both is a tool.
/// 2. **Client libraries and tools**: the value *starts with* a known library or tool name followed by `/` or a
///    space (`curl/`, `Wget/`, `python-requests/`, `Go-http-client/`, `okhttp/`, `Java/`, …).
/// 3. **Known crawlers, previewers and monitors**: the value *contains* one of their tokens (`Googlebot`,
///    `bingbot`, `GPTBot`, `ClaudeBot`, `facebookexternalhit`, `Slackbot`, `UptimeRobot`, `HeadlessChrome`, …).
/// 4. **Self-declared bots**: a word ending in `bot` (followed by a non-letter or the end: `FooBot/1.0`,
///    `my-bot;`), or the words `crawler`, `crawl`, `spider`, `scraper`, `scrapy`, `fetcher`, `scanner`,
///    `headless` anywhere — except a few phone models whose names end in `bot` (`CUBOT`).
/// Anything else is a person with a browser.
enum UserAgentClassifier {
    /// Why a user agent was classified as a bot (for logs and tests); `nil` = a browser.
    static func botReason(_ userAgent: String?) -> String? {
        guard let userAgent else { return "no user agent" }
        let value = userAgent.trimmingWhitespace().lowercased()
        if value.count < 10 { return "too short" }
        if !value.contains(" ") || !value.contains("/") { return "not browser-shaped" }
        if let library = clientLibraries.first(where: { value.hasPrefix($0 + "/") || value.hasPrefix($0 + " ") }) {
            return "client library \(library)"
        }
        if let crawler = knownAgents.first(where: { value.contains($0) }) {
            return "known agent \(crawler)"
        }
        if let word = selfDeclared(value) { return "declares \(word)" }
        return nil
    }

    /// Whether `userAgent` is a bot.
    static func isBot(_ userAgent: String?) -> Bool {
        botReason(userAgent) != nil
    }

    /// HTTP client libraries and command-line tools, matched at the start of the value.
    static let clientLibraries = [
        "curl", "wget", "python-requests", "python-urllib", "python-httpx", "python", "aiohttp", "httpx",
        "go-http-client", "java", "okhttp", "apache-httpclient", "jakarta commons-httpclient", "libwww-perl",
        "lwp-request", "lwp::simple", "httpie", "axios", "node-fetch", "undici", "got", "node", "deno", "bun",
        "ruby", "faraday", "mechanize", "php", "guzzlehttp", "symfony httpclient", "postmanruntime", "insomnia",
        "apachebench", "wrk", "hey", "k6", "reqwest", "hackney", "dart", "dalvik-http", "cfnetwork", "powershell",
        "winhttp", "libcurl", "http.rb", "rest-client", "typhoeus", "excon", "scrapy",
    ]

    /// Crawler, previewer and monitor tokens, matched anywhere in the value.
    static let knownAgents = [
        "googlebot", "google-inspectiontool", "googleother", "google-extended", "adsbot-google", "mediapartners-google",
        "feedfetcher-google", "apis-google", "bingbot", "bingpreview", "msnbot", "adidxbot", "slurp", "duckduckbot",
        "duckassistbot", "baiduspider", "yandex.com/bots", "yandexbot", "sogou", "exabot", "seznambot", "naver",
        "yeti/", "applebot", "petalbot", "bytespider", "ia_archiver", "archive.org_bot", "semrushbot", "ahrefsbot",
        "mj12bot", "dotbot", "blexbot", "dataforseobot", "serpstatbot", "rogerbot", "screaming frog", "gptbot",
        "chatgpt-user", "oai-searchbot", "claudebot", "claude-web", "claude-user", "anthropic-ai", "perplexitybot",
        "perplexity-user", "ccbot", "amazonbot", "cohere-ai", "diffbot", "meta-externalagent", "facebookexternalhit",
        "facebookcatalog", "facebot", "twitterbot", "linkedinbot", "slackbot", "slack-imgproxy", "discordbot",
        "telegrambot", "whatsapp", "pinterestbot", "redditbot", "embedly", "quora link preview", "skypeuripreview",
        "vkshare", "iframely", "headlesschrome", "phantomjs", "selenium", "puppeteer", "playwright",
        "chrome-lighthouse", "lighthouse", "pingdom", "uptimerobot", "statuscake", "site24x7", "newrelicpinger",
        "datadog", "better uptime", "freshping", "nagios", "zabbix", "monitoring", "w3c_validator", "validator.nu",
    ]

    /// Phone and product names that end in `bot` but are browsers.
    static let botWordExceptions = ["cubot"]

    /// Generic words crawlers put in their names.
    static let crawlerWords = ["crawler", "crawl", "spider", "scraper", "scrapy", "fetcher", "scanner", "headless"]

    /// A self-declaring word in `value` (lower-cased), if any.
    static func selfDeclared(_ value: String) -> String? {
        if let word = crawlerWords.first(where: { value.contains($0) }) { return word }
        let characters = Array(value)
        var index = 0
        while index + 3 <= characters.count {
            if characters[index] == "b", characters[index + 1] == "o", characters[index + 2] == "t" {
                let next = index + 3 < characters.count ? characters[index + 3] : " "
                if !next.isLetter {
                    var start = index
                    while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { start -= 1 }
                    let word = String(characters[start..<(index + 3)])
                    if !botWordExceptions.contains(word) { return word }
                }
            }
            index += 1
        }
        return nil
    }
}
