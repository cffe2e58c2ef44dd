export * from './ldif';
export * from './fromGeneratedOrg';
