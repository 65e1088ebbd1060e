// Built-in canned replies, used when GET /api/console/config is not available.
export const DEFAULT_QUEUES = [
  { id: '101', name: '101' },
  { id: '102', name: '102' },
  { id: '103', name: '103' },
  { id: '104', name: '104' },
];

export const DEFAULT_CANNED = {
  ru: [
    { title: 'Приветствие', text: 'Здравствуйте! Меня зовут {name}, я помогу вам. Опишите, пожалуйста, вопрос подробнее.' },
    { title: 'Уточнение', text: 'Уточните, пожалуйста, на каком шаге появляется ошибка и какой текст она показывает.' },
    { title: 'Восстановление пароля', text: 'Восстановить пароль можно на странице входа по ссылке «Не помню пароль»: понадобится телефон, почта или СНИЛС.' },
    { title: 'Ожидание', text: 'Спасибо, проверяю информацию. Это займёт пару минут.' },
    { title: 'Завершение', text: 'Рад был помочь! Если появятся вопросы, напишите нам снова.' },
  ],
  en: [
    { title: 'Greeting', text: 'Hello! My name is {name} and I will help you. Please describe your question in more detail.' },
    { title: 'Clarify', text: 'Could you tell me at which step the error appears and what text it shows?' },
    { title: 'Password reset', text: 'You can reset the password on the sign-in page via "Forgot password": you will need your phone, e-mail or SNILS.' },
    { title: 'Hold on', text: 'Thank you, I am checking the information. This will take a couple of minutes.' },
    { title: 'Closing', text: 'Glad I could help! Write to us again if you have more questions.' },
  ],
};

/** Validates the config body; falls back per field. */
export function normalizeConfig(body, lang) {
  const canned = Array.isArray(body?.cannedReplies)
    ? body.cannedReplies.filter((c) => c && typeof c.text === 'string').map((c) => ({ title: String(c.title || c.text.slice(0, 30)), text: c.text }))
    : null;
  const queues = Array.isArray(body?.queues)
    ? body.queues.filter((q) => q && q.id).map((q) => ({ id: String(q.id), name: String(q.name || q.id) }))
    : null;
  return {
    cannedReplies: canned && canned.length ? canned : DEFAULT_CANNED[lang] || DEFAULT_CANNED.ru,
    queues: queues && queues.length ? queues : DEFAULT_QUEUES,
    fromServer: !!(canned && canned.length),
  };
}
