/**
 * The lead form's own catalogue. It is separate from the shared one (`translations/*`) because
 * the form ships standalone to public pages and must not carry the board's texts; the
 * `satisfies` below makes a key missing from either language a type error all the same.
 */
import type { FormFieldType, FormIssueCode } from '@kehu/core/forms';
import type { LeadFailureCode } from './delivery.ts';

export interface LeadFormMessages {
  /** The label a field shows when its configuration has none. */
  defaultLabels: Record<FormFieldType, string>;
  /** What is wrong with one field, shown next to it. */
  issues: Record<Exclude<FormIssueCode, 'too_long'>, string> & { too_long: (max: number) => string };
  requiredLegend: string;
  choose: string;
  country: string;
  submit: string;
  sending: string;
  success: string;
  retry: string;
  /** Announced on submit when fields need fixing. */
  errorCount: (count: number) => string;
  /** Why the submission did not go through; the entered values always stay. */
  failures: Record<LeadFailureCode, string>;
  /** Sent before the visitor could have read the form; says little on purpose. */
  tooSoon: string;
  /** The host's rate-limit hook refused; nothing was sent. */
  tooManyAttempts: string;
  /** An automatic retry is scheduled in endpoint mode. */
  retryingIn: (seconds: number) => string;
  /** Offline in endpoint mode: sent as soon as the browser is back online. */
  waitingForNetwork: string;
  /** Entries restored from an earlier page load that were never confirmed as sent. */
  restored: string;
  /** A value of an unknown field the server refused (no field to show it next to). */
  unknownField: (name: string) => string;
  /** The honeypot's label (read by bots, never by people: it is hidden from everyone). */
  honeypot: string;
  duplicate: {
    email: (contact: string, account: string | undefined) => string;
    phone: (contact: string, account: string | undefined) => string;
  };
  configError: (path: string) => string;
  noConfig: string;
  noTarget: string;
}

const zhCN: LeadFormMessages = {
  defaultLabels: {
    name: '姓名',
    company: '公司',
    email: '邮箱',
    phone: '手机',
    text: '补充信息',
    select: '请选择',
    textarea: '留言',
    consent: '同意条款',
  },
  issues: {
    required: '此项为必填项。',
    too_long: (max) => `最多 ${max} 个字符。`,
    email: '请输入有效的邮箱地址,例如 name@example.com。',
    phone: '请输入有效的电话号码。',
    option: '请从列表中选择一项。',
    type: '此项的值格式不正确。',
    unknown: '表单中没有此项。',
  },
  requiredLegend: '带 * 的为必填项。',
  choose: '请选择…',
  country: '国家或地区',
  submit: '提交',
  sending: '正在提交…',
  success: '提交成功,我们会尽快与您联系。',
  retry: '重试',
  errorCount: (count) => `有 ${count} 项需要修改。`,
  failures: {
    NETWORK: '网络连接失败,您填写的内容已保留。',
    STORAGE: '服务器暂时无法处理,您填写的内容已保留,请稍后重试。',
    RATE_LIMITED: '提交过于频繁,请稍后再试。',
    VALIDATION: '请修改标出的项后再提交。',
    GUARD_REJECTED: '无法提交此表单。',
    NOT_FOUND: '此表单已不可用。',
    UNKNOWN: '提交失败,您填写的内容已保留,请稍后重试。',
  },
  tooSoon: '请花点时间填写后再提交。',
  tooManyAttempts: '尝试次数过多,请稍后再试。',
  retryingIn: (seconds) => `将在 ${seconds} 秒后自动重试。`,
  waitingForNetwork: '恢复联网后将自动提交。',
  restored: '已恢复您上次尚未提交成功的内容。',
  unknownField: (name) => `表单中没有「${name}」项。`,
  honeypot: '请勿填写此项',
  duplicate: {
    email: (contact, account) =>
      account ? `该邮箱已属于 ${account} 的 ${contact}` : `该邮箱已属于 ${contact}`,
    phone: (contact, account) =>
      account ? `该电话号码已属于 ${account} 的 ${contact}` : `该电话号码已属于 ${contact}`,
  },
  configError: (path) => `表单配置无效:${path}`,
  noConfig: '未设置表单配置。',
  noTarget: '此表单尚未连接 CRM 或提交地址,无法提交。',
};

const en: LeadFormMessages = {
  defaultLabels: {
    name: 'Name',
    company: 'Company',
    email: 'E-mail',
    phone: 'Phone',
    text: 'Details',
    select: 'Choose one',
    textarea: 'Message',
    consent: 'Consent',
  },
  issues: {
    required: 'This field is required.',
    too_long: (max) => `Use at most ${max} characters.`,
    email: 'Enter a valid e-mail address, such as name@example.com.',
    phone: 'Enter a valid phone number.',
    option: 'Choose one of the options.',
    type: 'This value has the wrong format.',
    unknown: 'This field is not part of the form.',
  },
  requiredLegend: 'Fields marked * are required.',
  choose: 'Choose…',
  country: 'Country or region',
  submit: 'Submit',
  sending: 'Sending…',
  success: 'Thank you — we will be in touch soon.',
  retry: 'Try again',
  errorCount: (count) =>
    count === 1 ? '1 field needs your attention.' : `${count} fields need your attention.`,
  failures: {
    NETWORK: 'The network is unavailable. Your entries are kept.',
    STORAGE: 'The server could not take your request. Your entries are kept; please try again.',
    RATE_LIMITED: 'Too many submissions. Please try again later.',
    VALIDATION: 'Please correct the marked fields and submit again.',
    GUARD_REJECTED: 'This form could not be submitted.',
    NOT_FOUND: 'This form is no longer available.',
    UNKNOWN: 'Sending failed. Your entries are kept; please try again.',
  },
  tooSoon: 'Please take a moment to complete the form.',
  tooManyAttempts: 'Too many attempts. Please try again later.',
  retryingIn: (seconds) => `Trying again in ${seconds} s.`,
  waitingForNetwork: 'It will be sent as soon as you are back online.',
  restored: 'We restored the entries you had not sent yet.',
  unknownField: (name) => `The form has no field “${name}”.`,
  honeypot: 'Leave this field empty',
  duplicate: {
    email: (contact, account) =>
      account
        ? `This e-mail already belongs to ${contact} at ${account}`
        : `This e-mail already belongs to ${contact}`,
    phone: (contact, account) =>
      account
        ? `This phone number already belongs to ${contact} at ${account}`
        : `This phone number already belongs to ${contact}`,
  },
  configError: (path) => `The form configuration is invalid: ${path}`,
  noConfig: 'No form configuration.',
  noTarget: 'This form is connected neither to a CRM nor to an endpoint, so it cannot be sent.',
};

/** Every language the form speaks. */
export const leadFormMessages = { 'zh-CN': zhCN, en } satisfies Record<'zh-CN' | 'en', LeadFormMessages>;
