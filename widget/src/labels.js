// Everything the widget says, in each language it speaks; the `lang` attribute picks one.

export const LABELS = {
  ja: {
    search: '記事を検索',
    placeholder: '例: 連絡が来ない',
    results: '検索結果',
    searching: '検索中…',
    // How many are shown so far: the API does not say how many there are in all.
    resultCount: (n) => n + '件を表示中',
    noResults: '該当する記事は見つかりませんでした',
    // The empty state lists each article's overview section: a place to start, not a popularity ranking.
    startHere: 'まずはこちらから',
    suggestions: '検索候補',
    recent: '最近の検索',
    forgetRecent: '履歴を消去',
    offline: '接続できないため検索できません。通信環境をご確認ください',
    failed: '検索できませんでした。時間をおいてお試しください',
    unavailable: '現在、検索はご利用いただけません',
    unsearchable: '検索できない文字があります',
    full: MAX_QUERY_CHARS + '文字まで。',
    read: '記事を読む',
    helpful: '役に立った',
    notHelpful: '役に立たなかった',
    wasItHelpful: (heading) => '「' + heading + '」は役に立ちましたか',
    thanks: 'ありがとうございました',
    alreadyAnswered: (choice) => '「' + choice + '」と回答済みです',
    voteFailed: '送信できませんでした',
    clear: '入力を消去',
    more: '次の結果を表示',
  },
  en: {
    search: 'Search articles',
    placeholder: 'e.g. he stopped replying',
    results: 'Search results',
    searching: 'Searching…',
    resultCount: (n) => 'Showing ' + n + (n === 1 ? ' result' : ' results'),
    noResults: 'No matching articles',
    startHere: 'Start here',
    suggestions: 'Suggestions',
    recent: 'Recent searches',
    forgetRecent: 'Clear history',
    offline: 'Cannot connect. Please check your connection.',
    failed: 'Search failed. Please try again later.',
    unavailable: 'Search is not available right now.',
    unsearchable: 'Cannot search these characters.',
    full: MAX_QUERY_CHARS + ' characters at most. ', // the status line goes on after it
    read: 'Read',
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    wasItHelpful: (heading) => '“' + heading + '”: was this helpful?',
    thanks: 'Thank you for your feedback',
    alreadyAnswered: (choice) => 'Already answered: ' + choice,
    voteFailed: 'Could not send',
    clear: 'Clear',
    more: 'More results',
  },
};

/** The labels for a `lang` value such as "ja", "en" or "en-GB"; Japanese for anything else. */
export const labelsFor = (lang) => LABELS[(lang || 'ja').slice(0, 2)] || LABELS.ja;
