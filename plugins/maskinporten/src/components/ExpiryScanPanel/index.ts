export { ExpiryScanPanel } from './ExpiryScanPanel';
export { NextExpiryScanNote } from './NextExpiryScanNote';
